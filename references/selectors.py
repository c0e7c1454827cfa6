from .models import Referee, ReferenceRequest


def referees_for_physician(*, physician):
    return Referee.objects.filter(physician=physician)


def reference_requests_for_application(*, application):
    return (
        ReferenceRequest.objects.filter(application=application).select_related("referee").order_by("referee__position")
    )
