from .models import OutletSettings


def outlet(request):
    """The outlet's settings (name, footer line and link) for every template."""
    return {"outlet": OutletSettings.current()}
