from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from typing import ClassVar as _ClassVar

ALREADY_EXISTS: ErrorReason
API_KEY_INVALID: ErrorReason
API_KEY_MISSING: ErrorReason
CANCELLED: ErrorReason
CONFLICT: ErrorReason
DATABASE_UNAVAILABLE: ErrorReason
DEADLINE_EXCEEDED: ErrorReason
DESCRIPTOR: _descriptor.FileDescriptor
ERROR_REASON_UNSPECIFIED: ErrorReason
FAILED_PRECONDITION: ErrorReason
INTERNAL: ErrorReason
INVALID_ARGUMENT: ErrorReason
LIMIT_EXCEEDED: ErrorReason
NOT_FOUND: ErrorReason
OVERLOADED: ErrorReason
PERMISSION_DENIED: ErrorReason
PROVIDER_IN_USE: ErrorReason
REQUEST_ID_REUSED: ErrorReason
STALE_ETAG: ErrorReason
UNAVAILABLE: ErrorReason

class ErrorReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
