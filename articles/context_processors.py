from django.db import DatabaseError

from .models import OutletSettings


def outlet(request):
    """The outlet's settings (name, footer line and link) for every template.

    Without a database the defaults stand in, so error pages still render in the site's layout.
    """
    try:
        return {"outlet": OutletSettings.current()}
    except DatabaseError:
        return {"outlet": OutletSettings()}
