from google.protobuf import timestamp_pb2 as _timestamp_pb2
from siproute.v1 import resources_pb2 as _resources_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

ATTEMPT_FAILURE_UNSPECIFIED: AttemptFailure
BLOCKED: DialOutcome
CONNECTED: DialOutcome
DESCRIPTOR: _descriptor.FileDescriptor
DIAL_OUTCOME_UNSPECIFIED: DialOutcome
EXHAUSTED: DialOutcome
FAILED: DialOutcome
NO_ROUTE: DialOutcome
TIMEOUT: AttemptFailure
TRANSPORT_ERROR: AttemptFailure

class Attempt(_message.Message):
    __slots__ = ["cost_currency", "cost_micros", "currency", "default_route", "dialed_number", "gateway", "headers", "index", "matched_prefix", "price_micros", "provider_id", "provider_name", "reasons", "route_id", "sip_uri"]
    class HeadersEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    COST_CURRENCY_FIELD_NUMBER: _ClassVar[int]
    COST_MICROS_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_ROUTE_FIELD_NUMBER: _ClassVar[int]
    DIALED_NUMBER_FIELD_NUMBER: _ClassVar[int]
    GATEWAY_FIELD_NUMBER: _ClassVar[int]
    HEADERS_FIELD_NUMBER: _ClassVar[int]
    INDEX_FIELD_NUMBER: _ClassVar[int]
    MATCHED_PREFIX_FIELD_NUMBER: _ClassVar[int]
    PRICE_MICROS_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_NAME_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    ROUTE_ID_FIELD_NUMBER: _ClassVar[int]
    SIP_URI_FIELD_NUMBER: _ClassVar[int]
    cost_currency: str
    cost_micros: int
    currency: str
    default_route: bool
    dialed_number: str
    gateway: str
    headers: _containers.ScalarMap[str, str]
    index: int
    matched_prefix: str
    price_micros: int
    provider_id: str
    provider_name: str
    reasons: _containers.RepeatedScalarFieldContainer[str]
    route_id: str
    sip_uri: str
    def __init__(self, index: _Optional[int] = ..., provider_id: _Optional[str] = ..., provider_name: _Optional[str] = ..., route_id: _Optional[str] = ..., sip_uri: _Optional[str] = ..., headers: _Optional[_Mapping[str, str]] = ..., price_micros: _Optional[int] = ..., currency: _Optional[str] = ..., reasons: _Optional[_Iterable[str]] = ..., default_route: bool = ..., matched_prefix: _Optional[str] = ..., cost_micros: _Optional[int] = ..., cost_currency: _Optional[str] = ..., dialed_number: _Optional[str] = ..., gateway: _Optional[str] = ...) -> None: ...

class AttemptResult(_message.Message):
    __slots__ = ["failure", "index", "post_dial_delay_ms", "sip_code"]
    FAILURE_FIELD_NUMBER: _ClassVar[int]
    INDEX_FIELD_NUMBER: _ClassVar[int]
    POST_DIAL_DELAY_MS_FIELD_NUMBER: _ClassVar[int]
    SIP_CODE_FIELD_NUMBER: _ClassVar[int]
    failure: AttemptFailure
    index: int
    post_dial_delay_ms: int
    sip_code: int
    def __init__(self, index: _Optional[int] = ..., sip_code: _Optional[int] = ..., failure: _Optional[_Union[AttemptFailure, str]] = ..., post_dial_delay_ms: _Optional[int] = ...) -> None: ...

class Blocked(_message.Message):
    __slots__ = ["reason", "route_id", "sip_code"]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ROUTE_ID_FIELD_NUMBER: _ClassVar[int]
    SIP_CODE_FIELD_NUMBER: _ClassVar[int]
    reason: str
    route_id: str
    sip_code: int
    def __init__(self, route_id: _Optional[str] = ..., sip_code: _Optional[int] = ..., reason: _Optional[str] = ...) -> None: ...

class CallEnded(_message.Message):
    __slots__ = ["duration_ms"]
    DURATION_MS_FIELD_NUMBER: _ClassVar[int]
    duration_ms: int
    def __init__(self, duration_ms: _Optional[int] = ...) -> None: ...

class ConsideredRoute(_message.Message):
    __slots__ = ["default_route", "prefix", "provider_id", "reason", "route_id", "selected"]
    DEFAULT_ROUTE_FIELD_NUMBER: _ClassVar[int]
    PREFIX_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ROUTE_ID_FIELD_NUMBER: _ClassVar[int]
    SELECTED_FIELD_NUMBER: _ClassVar[int]
    default_route: bool
    prefix: str
    provider_id: str
    reason: str
    route_id: str
    selected: bool
    def __init__(self, route_id: _Optional[str] = ..., provider_id: _Optional[str] = ..., prefix: _Optional[str] = ..., default_route: bool = ..., selected: bool = ..., reason: _Optional[str] = ...) -> None: ...

class DialEnd(_message.Message):
    __slots__ = ["attempts", "blocked", "connected_index", "outcome", "sip_code"]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    BLOCKED_FIELD_NUMBER: _ClassVar[int]
    CONNECTED_INDEX_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    SIP_CODE_FIELD_NUMBER: _ClassVar[int]
    attempts: int
    blocked: Blocked
    connected_index: int
    outcome: DialOutcome
    sip_code: int
    def __init__(self, outcome: _Optional[_Union[DialOutcome, str]] = ..., sip_code: _Optional[int] = ..., attempts: _Optional[int] = ..., connected_index: _Optional[int] = ..., blocked: _Optional[_Union[Blocked, _Mapping]] = ...) -> None: ...

class DialRequest(_message.Message):
    __slots__ = ["ended", "result", "start"]
    ENDED_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    ended: CallEnded
    result: AttemptResult
    start: DialStart
    def __init__(self, start: _Optional[_Union[DialStart, _Mapping]] = ..., result: _Optional[_Union[AttemptResult, _Mapping]] = ..., ended: _Optional[_Union[CallEnded, _Mapping]] = ...) -> None: ...

class DialResponse(_message.Message):
    __slots__ = ["attempt", "end", "plan"]
    ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    PLAN_FIELD_NUMBER: _ClassVar[int]
    attempt: Attempt
    end: DialEnd
    plan: SelectResponse
    def __init__(self, attempt: _Optional[_Union[Attempt, _Mapping]] = ..., end: _Optional[_Union[DialEnd, _Mapping]] = ..., plan: _Optional[_Union[SelectResponse, _Mapping]] = ...) -> None: ...

class DialStart(_message.Message):
    __slots__ = ["call_id", "request"]
    CALL_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    call_id: str
    request: SelectRequest
    def __init__(self, request: _Optional[_Union[SelectRequest, _Mapping]] = ..., call_id: _Optional[str] = ...) -> None: ...

class ReportOutcomeRequest(_message.Message):
    __slots__ = ["calling_code", "destination", "duration_ms", "failure", "gateway", "post_dial_delay_ms", "provider_id", "request_id", "sip_code"]
    CALLING_CODE_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_FIELD_NUMBER: _ClassVar[int]
    DURATION_MS_FIELD_NUMBER: _ClassVar[int]
    FAILURE_FIELD_NUMBER: _ClassVar[int]
    GATEWAY_FIELD_NUMBER: _ClassVar[int]
    POST_DIAL_DELAY_MS_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    SIP_CODE_FIELD_NUMBER: _ClassVar[int]
    calling_code: int
    destination: str
    duration_ms: int
    failure: AttemptFailure
    gateway: str
    post_dial_delay_ms: int
    provider_id: str
    request_id: str
    sip_code: int
    def __init__(self, provider_id: _Optional[str] = ..., destination: _Optional[str] = ..., calling_code: _Optional[int] = ..., sip_code: _Optional[int] = ..., failure: _Optional[_Union[AttemptFailure, str]] = ..., post_dial_delay_ms: _Optional[int] = ..., duration_ms: _Optional[int] = ..., request_id: _Optional[str] = ..., gateway: _Optional[str] = ...) -> None: ...

class ReportOutcomeResponse(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class SelectRequest(_message.Message):
    __slots__ = ["call_id", "call_time", "customer_id", "destination", "explain", "source"]
    CALL_ID_FIELD_NUMBER: _ClassVar[int]
    CALL_TIME_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_FIELD_NUMBER: _ClassVar[int]
    EXPLAIN_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    call_id: str
    call_time: _timestamp_pb2.Timestamp
    customer_id: str
    destination: str
    explain: bool
    source: str
    def __init__(self, customer_id: _Optional[str] = ..., destination: _Optional[str] = ..., source: _Optional[str] = ..., call_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., explain: bool = ..., call_id: _Optional[str] = ...) -> None: ...

class SelectResponse(_message.Message):
    __slots__ = ["applied_strategy", "attempts", "blocked", "considered", "destination", "destination_region", "expected_call_seconds", "revision", "strategy"]
    APPLIED_STRATEGY_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    BLOCKED_FIELD_NUMBER: _ClassVar[int]
    CONSIDERED_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_REGION_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_CALL_SECONDS_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    STRATEGY_FIELD_NUMBER: _ClassVar[int]
    applied_strategy: _resources_pb2.Strategy
    attempts: _containers.RepeatedCompositeFieldContainer[Attempt]
    blocked: Blocked
    considered: _containers.RepeatedCompositeFieldContainer[ConsideredRoute]
    destination: str
    destination_region: str
    expected_call_seconds: int
    revision: int
    strategy: str
    def __init__(self, attempts: _Optional[_Iterable[_Union[Attempt, _Mapping]]] = ..., destination: _Optional[str] = ..., destination_region: _Optional[str] = ..., strategy: _Optional[str] = ..., considered: _Optional[_Iterable[_Union[ConsideredRoute, _Mapping]]] = ..., revision: _Optional[int] = ..., applied_strategy: _Optional[_Union[_resources_pb2.Strategy, str]] = ..., expected_call_seconds: _Optional[int] = ..., blocked: _Optional[_Union[Blocked, _Mapping]] = ...) -> None: ...

class AttemptFailure(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class DialOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
