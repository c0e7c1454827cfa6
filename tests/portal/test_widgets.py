import re

from django import forms

from portal.widgets import LongSelect


def _without_whitespace_between_tags(html):
    return re.sub(r">\s+<", "><", html)


def test_long_select_renders_as_djangos_select_does():
    choices = [("", "---------"), ("NI", "Nicaragua"), ("HT", "Haïti & <Co>")]
    for value in (None, "HT", "NI"):
        ours = LongSelect(choices=choices).render("country", value, attrs={"id": "id_country"})
        django = forms.Select(choices=choices).render("country", value, attrs={"id": "id_country"})
        assert ours == _without_whitespace_between_tags(django)
