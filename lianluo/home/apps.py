from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The home page and the menu: what each user sees first, from every app's panels and to-dos
    (core.home's registries) and the menu's entries by role."""

    name = "lianluo.home"
    verbose_name = "首页与菜单"
