"""A call service's failover loop with the siproute package. Against a running server, e.g.
one started with --demo (its log shows the key):

    SIPROUTE_KEY=sr_... PYTHONPATH=. /usr/bin/python3 examples/call_service.py
"""

import os
import sys

import grpc

import siproute


def invite(sip_uri: str, headers: dict[str, str]) -> int:
    """Stands in for your SIP stack: sends the INVITE, returns the final response code."""
    print(f"INVITE {sip_uri} {headers}")
    return 200


def main() -> int:
    target = os.environ.get("SIPROUTE_TARGET", "127.0.0.1:50051")
    with siproute.Client(target, os.environ.get("SIPROUTE_KEY")) as c:
        try:
            plan = c.select("acme", "+49 30 1234567")
            print("plan: " + " > ".join(a.provider_id for a in plan.attempts))

            with c.dial("acme", "+49 30 1234567", "call-0001") as call:
                attempt = call.first()
                while attempt is not None:
                    attempt = call.report(invite(attempt.sip_uri, dict(attempt.headers)))
                print(f"connected: {call.connected}")
                if call.connected:
                    call.hang_up(42_000)  # when the call is over: its talk time in ms
        except grpc.RpcError as e:
            print(f"{e.code().name}: {e.details()} {siproute.field_violations(e)}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
