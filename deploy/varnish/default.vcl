# Varnish in front of Backportal's app servers (Varnish 7, Debian's `varnish`).
#
# Caches only what the app marks shareable (`Cache-Control: public, s-maxage=N`,
# backportal/core/cache_control.py): readers' pages, for at most as long as the
# prices on them stay fresh. Passes the admin, previews, /go/, /click/, the
# vote endpoint, everything but GET/HEAD, and every request of a logged-in
# user or of a reader with a session. Accepts PURGE (one URL, sent by
# Wagtail's frontend cache on publish) and BAN (a URL pattern, for operators)
# only from the addresses in `purgers`.
vcl 4.1;

backend default {
    # compose.yaml's app service. One machine (README "Operations"): the
    # install step sets 127.0.0.1, where gunicorn listens on port 8000.
    .host = "app";
    .port = "8000";
    .connect_timeout = 5s;
    .first_byte_timeout = 60s;
}

# Who may purge: app servers on this machine. Others purge through the
# listener named "purge" (`varnishd -a purge=:6091`), which only the app
# servers' network can reach (compose.yaml does not publish it); or add their
# addresses here. Never a whole range readers' requests may come from.
acl purgers {
    "localhost";
    "127.0.0.1";
    "::1";
}

sub purge_allowed {
    if (client.ip !~ purgers && local.socket != "purge") {
        return (synth(405, "Not allowed from this address"));
    }
}

sub vcl_recv {
    if (req.method == "PURGE") {
        call purge_allowed;
        return (purge);
    }
    if (req.method == "BAN") {
        call purge_allowed;
        # curl -X BAN -H "X-Ban-Url: ^/" http://varnish/ drops a whole host.
        ban("obj.http.x-host == " + req.http.host + " && obj.http.x-url ~ " + req.http.X-Ban-Url);
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Never from the cache: the admin and previews, the affiliate redirect
    # (every click is counted by the app), the click and page-view beacons, the vote.
    if (req.url ~ "^/(admin|django-admin|go|click|seitenaufruf|artikel-feedback)/") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Other cookies (analytics, a stale CSRF token) do not change a reader's page.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Remembered for bans (lurker-friendly: no req.* in the ban expression).
    set beresp.http.x-url = bereq.url;
    set beresp.http.x-host = bereq.http.host;
    # Only what the app says a shared cache may keep; anything else is fetched
    # every time (a hit-for-miss object remembers that for two minutes).
    if (beresp.http.Cache-Control !~ "(s-maxage|max-age)=[1-9]"
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
        || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Never past the page's s-maxage: the app bounds it by the first price on
    # the page to turn stale. Varnish would otherwise serve the old page for
    # its default_grace (10 s) more; a stale-while-revalidate the app sent
    # lies within the same bound, and Varnish takes it as the grace.
    if (beresp.http.Cache-Control !~ "stale-while-revalidate=[1-9]") {
        set beresp.grace = 0s;
    }
}

sub vcl_deliver {
    unset resp.http.x-url;
    unset resp.http.x-host;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
