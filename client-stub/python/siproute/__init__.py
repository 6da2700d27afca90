"""siproute: a client for call services of the siproute routing decision service.

    import siproute

    with siproute.Client("127.0.0.1:50051", api_key) as c:
        plan = c.select("acme", "+49 30 1234567")
        with c.dial("acme", "+49 30 1234567", call_id) as call:
            first = call.first()
            next_attempt = call.report(503)  # None at the end
            call.hang_up(duration_ms)

The contract's messages and stubs are in siproute.v1 (e.g. siproute.v1.route_select_pb2).
"""

from siproute._errors import FieldViolation, SiprouteError, field_violations
from siproute.client import Client, DialSession, Tls

__all__ = ["Client", "DialSession", "FieldViolation", "SiprouteError", "Tls", "field_violations"]
