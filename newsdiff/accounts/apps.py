from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "newsdiff.accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        # Models cannot be imported before the app registry is ready.
        from newsdiff.accounts.roles import sync_roles

        post_migrate.connect(sync_roles, sender=self, dispatch_uid="newsdiff-sync-roles")
