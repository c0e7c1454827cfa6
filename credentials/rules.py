"""Who may do what with credential documents, stated once (django-rules)."""

import rules

from .selectors import credential_documents_shared_with_member


@rules.predicate
def is_document_owner(user, document):
    return document is not None and user.is_authenticated and document.physician.user_id == user.pk


@rules.predicate
def is_member_sharing_document(user, document):
    """A member of an organization the physician applied to, while that application is active,
    and only for a document kind the trip requires."""
    if document is None or not user.is_authenticated:
        return False
    return credential_documents_shared_with_member(user=user).filter(pk=document.pk).exists()


rules.add_perm("credentials.download_document", is_document_owner | rules.is_staff | is_member_sharing_document)
rules.add_perm("credentials.delete_document", is_document_owner)
