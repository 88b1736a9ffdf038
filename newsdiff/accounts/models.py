"""No models of its own: the roles are auth groups (see roles.py).

The module exists so that post_migrate is sent for this app, which re-creates the roles after
every migrate and test-database flush.
"""
