# Varnish in front of newsroom (Debian's varnish package, VCL 4.1).
#
# Public pages are kept for as long as the app's Cache-Control says (the built-in
# vcl_backend_response: s-maxage is the TTL, stale-while-revalidate the grace; private,
# no-store or Set-Cookie are never stored); the app sends `PURGE <path>` for the exact URLs
# a story change touches (NEWSROOM_PURGE_BACKEND=delivery.purge_backends.HttpPurgeBackend,
# NEWSROOM_PURGE_HOST=http://<this varnish>). Signed-in staff are never served from nor
# stored in the cache. Run:
#   varnishd -a :6081 -f /path/to/newsroom.vcl -s malloc,256m
# Set the backend to where gunicorn listens and the purgers ACL to the app's addresses.

vcl 4.1;

backend newsroom {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

# Only the app may purge: anyone else could empty the cache and send every reader to the
# origin during a breaking story.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "PURGE is not allowed from this address"));
        }
        # Every variant and any copy kept for grace goes: the next reader gets the new page.
        return (purge);
    }
    # A session (staff) or a CSRF token (someone using a form) means a page that may carry
    # private content or a token: straight to the app, never looked up or stored.
    if (req.http.Cookie ~ "(^|;)\s*(sessionid|csrftoken)=") {
        return (pass);
    }
    # Readers' other cookies (analytics, consent) do not change a public page, and the
    # built-in logic would pass every request that has one.
    unset req.http.Cookie;
    # Share links carry tracking parameters the app ignores; without them the page is one
    # object, which the app's purge of the plain path reaches.
    if (req.url ~ "[?&](utm_[a-z]+|fbclid|gclid)=") {
        set req.url = regsuball(req.url, "(?<=[?&])(utm_[a-z]+|fbclid|gclid)=[^&]*&?", "");
        set req.url = regsub(req.url, "[?&]+$", "");
    }
    # The built-in vcl_recv follows: only GET and HEAD are looked up, Authorization passes.
}

sub vcl_hit {
    set req.http.X-Cache = "hit";
}

sub vcl_miss {
    set req.http.X-Cache = "miss";
}

sub vcl_pass {
    set req.http.X-Cache = "pass";
}

sub vcl_deliver {
    # hit, miss (fetched and maybe stored) or pass (never looked up: staff, POST).
    set resp.http.X-Cache = req.http.X-Cache;
}
