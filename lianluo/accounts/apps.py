from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lianluo.accounts"
    verbose_name = "账号"
