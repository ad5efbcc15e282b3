"""The coach's local zone from the browser's clock: the ``offset_at`` that
:mod:`traject.instants` asks for (minutes east of UTC at a given instant, so daylight saving
time is right for each moment, not only for today)."""



def offset_at(utc):
    """Minutes east of UTC in the browser's zone at aware datetime ``utc``."""
    import js  # here, not at import: the views that use this also render under CPython in tests

    return -int(js.Date.new(utc.timestamp() * 1000).getTimezoneOffset())
