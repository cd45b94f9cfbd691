from .models import OutletSettings


def outlet(request):
    """The outlet's settings (name, footer line and link) for every template.

    Without a database the cached row or the defaults stand in, so error pages still render in
    the site's layout.
    """
    return {"outlet": OutletSettings.current_or_default()}
