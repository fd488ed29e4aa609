"""A `next` that leaves the site is never followed (open redirect, CWE-601)."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/login",
        "javascript:alert(1)",
        "http:\\\\evil.example",
    ],
)
def test_a_next_to_another_site_falls_back_to_the_page_of_the_form(client, world, target):
    client.force_login(world.staff)
    response = client.post(reverse("submissions:batch"), {"move": "file", "next": target})
    assert response.status_code == 302
    assert response.url == reverse("submissions:list")


def test_a_next_on_this_site_is_followed(client, world):
    client.force_login(world.staff)
    back = reverse("submissions:list") + "?kind=proposal"
    response = client.post(reverse("submissions:batch"), {"move": "file", "next": back})
    assert response.url == back
