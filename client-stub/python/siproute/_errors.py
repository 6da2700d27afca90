"""Reading the details of a refusal (google.rpc.Status in the grpc-status-details-bin trailer)."""

from __future__ import annotations

from typing import Any, NamedTuple, Optional, Sequence, Tuple

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

_STATUS_DETAILS_KEY = "grpc-status-details-bin"
_BAD_REQUEST_TYPE_URL = "type.googleapis.com/google.rpc.BadRequest"


class FieldViolation(NamedTuple):
    """A bad field of a refused request: which one (e.g. "destination") and what is wrong."""

    field: str
    description: str


class SiprouteError(grpc.RpcError):
    """An error raised by the client itself (a deadline of a dial step, a stream that ended
    early), shaped like the grpc.RpcError of a failed call: code(), details()."""

    def __init__(self, code: grpc.StatusCode, details: str) -> None:
        super().__init__(f"{code.name}: {details}")
        self._code = code
        self._details = details

    def code(self) -> grpc.StatusCode:
        return self._code

    def details(self) -> str:
        return self._details

    def trailing_metadata(self) -> Tuple[Tuple[str, bytes], ...]:
        return ()


def _private_messages() -> Tuple[Any, Any]:
    # google.rpc.Status and BadRequest, wire-compatible, in a pool of their own: registering
    # google/rpc/*.proto in the default pool would clash with googleapis-common-protos when an
    # application also uses that. Field numbers as in google/rpc/status.proto and
    # error_details.proto.
    f = descriptor_pb2.FieldDescriptorProto
    proto = descriptor_pb2.FileDescriptorProto(name="siproute/_errors.proto", package="siproute.private", syntax="proto3")
    any_ = proto.message_type.add(name="Any")
    any_.field.add(name="type_url", number=1, type=f.TYPE_STRING, label=f.LABEL_OPTIONAL)
    any_.field.add(name="value", number=2, type=f.TYPE_BYTES, label=f.LABEL_OPTIONAL)
    status = proto.message_type.add(name="Status")
    status.field.add(name="code", number=1, type=f.TYPE_INT32, label=f.LABEL_OPTIONAL)
    status.field.add(name="message", number=2, type=f.TYPE_STRING, label=f.LABEL_OPTIONAL)
    status.field.add(name="details", number=3, type=f.TYPE_MESSAGE, label=f.LABEL_REPEATED, type_name=".siproute.private.Any")
    bad_request = proto.message_type.add(name="BadRequest")
    bad_request.field.add(
        name="field_violations", number=1, type=f.TYPE_MESSAGE, label=f.LABEL_REPEATED,
        type_name=".siproute.private.BadRequest.FieldViolation")
    violation = bad_request.nested_type.add(name="FieldViolation")
    violation.field.add(name="field", number=1, type=f.TYPE_STRING, label=f.LABEL_OPTIONAL)
    violation.field.add(name="description", number=2, type=f.TYPE_STRING, label=f.LABEL_OPTIONAL)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(proto)
    get_class = getattr(message_factory, "GetMessageClass", None)  # protobuf 4.22+
    if get_class is None:
        get_class = message_factory.MessageFactory(pool).GetPrototype
    return (get_class(pool.FindMessageTypeByName("siproute.private.Status")),
            get_class(pool.FindMessageTypeByName("siproute.private.BadRequest")))


_Status, _BadRequest = _private_messages()


def field_violations(error: BaseException) -> Sequence[FieldViolation]:
    """The bad fields named by an INVALID_ARGUMENT refusal (google.rpc.BadRequest); empty for
    any other error.

        try:
            c.select("acme", "bogus")
        except grpc.RpcError as e:
            siproute.field_violations(e)  # [FieldViolation(field='destination', ...)]
    """
    trailing: Optional[Sequence[Tuple[str, object]]] = None
    if hasattr(error, "trailing_metadata"):  # a grpc.Call, or a SiprouteError
        trailing = error.trailing_metadata()
    violations = []
    for key, value in trailing or ():
        if key != _STATUS_DETAILS_KEY or not isinstance(value, bytes):
            continue
        status = _Status.FromString(value)
        for detail in status.details:
            if detail.type_url == _BAD_REQUEST_TYPE_URL:
                for v in _BadRequest.FromString(detail.value).field_violations:
                    violations.append(FieldViolation(v.field, v.description))
    return violations
