from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

BLOCK: RouteAction
DESCRIPTOR: _descriptor.FileDescriptor
E164_DIGITS: NumberFormat
E164_PLUS: NumberFormat
INTERNATIONAL_00: NumberFormat
INTERNATIONAL_011: NumberFormat
LEAST_COST: Strategy
NATIONAL: NumberFormat
NUMBER_FORMAT_UNSPECIFIED: NumberFormat
PRIORITY: Strategy
QUALITY: Strategy
ROUTE: RouteAction
ROUTE_ACTION_UNSPECIFIED: RouteAction
STRATEGY_UNSPECIFIED: Strategy
TCP: Transport
TLS: Transport
TRANSPORT_UNSPECIFIED: Transport
UDP: Transport
WEIGHTED: Strategy

class ExchangeRate(_message.Message):
    __slots__ = ["currency", "platform_micros", "update_time"]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_MICROS_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    currency: str
    platform_micros: int
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, currency: _Optional[str] = ..., platform_micros: _Optional[int] = ..., update_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Gateway(_message.Message):
    __slots__ = ["address", "disabled", "transport", "weight"]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    TRANSPORT_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_FIELD_NUMBER: _ClassVar[int]
    address: str
    disabled: bool
    transport: Transport
    weight: int
    def __init__(self, address: _Optional[str] = ..., transport: _Optional[_Union[Transport, str]] = ..., weight: _Optional[int] = ..., disabled: bool = ...) -> None: ...

class Provider(_message.Message):
    __slots__ = ["create_time", "disabled", "etag", "gateway_attempts", "gateways", "hostname", "id", "labels", "max_concurrent_calls", "name", "number_format", "tech_headers", "tech_postfix", "tech_prefix", "transport", "update_time", "weight"]
    class LabelsEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class TechHeadersEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    GATEWAYS_FIELD_NUMBER: _ClassVar[int]
    GATEWAY_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    HOSTNAME_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    MAX_CONCURRENT_CALLS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FORMAT_FIELD_NUMBER: _ClassVar[int]
    TECH_HEADERS_FIELD_NUMBER: _ClassVar[int]
    TECH_POSTFIX_FIELD_NUMBER: _ClassVar[int]
    TECH_PREFIX_FIELD_NUMBER: _ClassVar[int]
    TRANSPORT_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_FIELD_NUMBER: _ClassVar[int]
    create_time: _timestamp_pb2.Timestamp
    disabled: bool
    etag: str
    gateway_attempts: int
    gateways: _containers.RepeatedCompositeFieldContainer[Gateway]
    hostname: str
    id: str
    labels: _containers.ScalarMap[str, str]
    max_concurrent_calls: int
    name: str
    number_format: NumberFormat
    tech_headers: _containers.ScalarMap[str, str]
    tech_postfix: str
    tech_prefix: str
    transport: Transport
    update_time: _timestamp_pb2.Timestamp
    weight: int
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., hostname: _Optional[str] = ..., transport: _Optional[_Union[Transport, str]] = ..., tech_prefix: _Optional[str] = ..., tech_postfix: _Optional[str] = ..., tech_headers: _Optional[_Mapping[str, str]] = ..., disabled: bool = ..., weight: _Optional[int] = ..., max_concurrent_calls: _Optional[int] = ..., labels: _Optional[_Mapping[str, str]] = ..., etag: _Optional[str] = ..., create_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., number_format: _Optional[_Union[NumberFormat, str]] = ..., gateways: _Optional[_Iterable[_Union[Gateway, _Mapping]]] = ..., gateway_attempts: _Optional[int] = ...) -> None: ...

class Rate(_message.Message):
    __slots__ = ["connect_fee_micros", "currency", "first_increment_seconds", "next_increment_seconds", "prefix", "price_micros", "provider_id", "valid_from", "valid_until"]
    CONNECT_FEE_MICROS_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    FIRST_INCREMENT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    NEXT_INCREMENT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    PREFIX_FIELD_NUMBER: _ClassVar[int]
    PRICE_MICROS_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    VALID_FROM_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    connect_fee_micros: int
    currency: str
    first_increment_seconds: int
    next_increment_seconds: int
    prefix: str
    price_micros: int
    provider_id: str
    valid_from: _timestamp_pb2.Timestamp
    valid_until: _timestamp_pb2.Timestamp
    def __init__(self, provider_id: _Optional[str] = ..., prefix: _Optional[str] = ..., price_micros: _Optional[int] = ..., currency: _Optional[str] = ..., valid_from: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., valid_until: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., connect_fee_micros: _Optional[int] = ..., first_increment_seconds: _Optional[int] = ..., next_increment_seconds: _Optional[int] = ...) -> None: ...

class Route(_message.Message):
    __slots__ = ["action", "block_sip_code", "create_time", "customer_id", "detail", "disabled", "etag", "id", "name", "prefix", "prepend", "priority", "provider_id", "schedule", "source_prefix", "strip_digits", "update_time", "weight"]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    BLOCK_SIP_CODE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PREFIX_FIELD_NUMBER: _ClassVar[int]
    PREPEND_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_PREFIX_FIELD_NUMBER: _ClassVar[int]
    STRIP_DIGITS_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_FIELD_NUMBER: _ClassVar[int]
    action: RouteAction
    block_sip_code: int
    create_time: _timestamp_pb2.Timestamp
    customer_id: str
    detail: str
    disabled: bool
    etag: str
    id: str
    name: str
    prefix: str
    prepend: str
    priority: int
    provider_id: str
    schedule: Schedule
    source_prefix: str
    strip_digits: int
    update_time: _timestamp_pb2.Timestamp
    weight: int
    def __init__(self, id: _Optional[str] = ..., customer_id: _Optional[str] = ..., prefix: _Optional[str] = ..., provider_id: _Optional[str] = ..., priority: _Optional[int] = ..., weight: _Optional[int] = ..., schedule: _Optional[_Union[Schedule, _Mapping]] = ..., disabled: bool = ..., name: _Optional[str] = ..., detail: _Optional[str] = ..., etag: _Optional[str] = ..., create_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., strip_digits: _Optional[int] = ..., prepend: _Optional[str] = ..., action: _Optional[_Union[RouteAction, str]] = ..., block_sip_code: _Optional[int] = ..., source_prefix: _Optional[str] = ...) -> None: ...

class RoutingPolicy(_message.Message):
    __slots__ = ["currency", "customer_id", "default_region", "etag", "exclude_default_routes", "expected_call_seconds", "failover_codes", "inherited", "margin_guard", "max_attempts", "max_price_micros", "min_margin_micros", "strategy", "update_time"]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_REGION_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    EXCLUDE_DEFAULT_ROUTES_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_CALL_SECONDS_FIELD_NUMBER: _ClassVar[int]
    FAILOVER_CODES_FIELD_NUMBER: _ClassVar[int]
    INHERITED_FIELD_NUMBER: _ClassVar[int]
    MARGIN_GUARD_FIELD_NUMBER: _ClassVar[int]
    MAX_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    MAX_PRICE_MICROS_FIELD_NUMBER: _ClassVar[int]
    MIN_MARGIN_MICROS_FIELD_NUMBER: _ClassVar[int]
    STRATEGY_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    currency: str
    customer_id: str
    default_region: str
    etag: str
    exclude_default_routes: bool
    expected_call_seconds: int
    failover_codes: _containers.RepeatedScalarFieldContainer[str]
    inherited: bool
    margin_guard: bool
    max_attempts: int
    max_price_micros: int
    min_margin_micros: int
    strategy: Strategy
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, customer_id: _Optional[str] = ..., strategy: _Optional[_Union[Strategy, str]] = ..., failover_codes: _Optional[_Iterable[str]] = ..., max_attempts: _Optional[int] = ..., max_price_micros: _Optional[int] = ..., exclude_default_routes: bool = ..., inherited: bool = ..., etag: _Optional[str] = ..., update_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., expected_call_seconds: _Optional[int] = ..., currency: _Optional[str] = ..., margin_guard: bool = ..., min_margin_micros: _Optional[int] = ..., default_region: _Optional[str] = ...) -> None: ...

class Schedule(_message.Message):
    __slots__ = ["time_zone", "windows"]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    WINDOWS_FIELD_NUMBER: _ClassVar[int]
    time_zone: str
    windows: _containers.RepeatedCompositeFieldContainer[TimeWindow]
    def __init__(self, time_zone: _Optional[str] = ..., windows: _Optional[_Iterable[_Union[TimeWindow, _Mapping]]] = ...) -> None: ...

class SellRate(_message.Message):
    __slots__ = ["connect_fee_micros", "currency", "customer_id", "first_increment_seconds", "next_increment_seconds", "prefix", "price_micros", "valid_from", "valid_until"]
    CONNECT_FEE_MICROS_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    FIRST_INCREMENT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    NEXT_INCREMENT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    PREFIX_FIELD_NUMBER: _ClassVar[int]
    PRICE_MICROS_FIELD_NUMBER: _ClassVar[int]
    VALID_FROM_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    connect_fee_micros: int
    currency: str
    customer_id: str
    first_increment_seconds: int
    next_increment_seconds: int
    prefix: str
    price_micros: int
    valid_from: _timestamp_pb2.Timestamp
    valid_until: _timestamp_pb2.Timestamp
    def __init__(self, customer_id: _Optional[str] = ..., prefix: _Optional[str] = ..., price_micros: _Optional[int] = ..., currency: _Optional[str] = ..., valid_from: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., valid_until: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., connect_fee_micros: _Optional[int] = ..., first_increment_seconds: _Optional[int] = ..., next_increment_seconds: _Optional[int] = ...) -> None: ...

class TimeWindow(_message.Message):
    __slots__ = ["days", "end_time", "start_time"]
    DAYS_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    days: _containers.RepeatedScalarFieldContainer[int]
    end_time: str
    start_time: str
    def __init__(self, days: _Optional[_Iterable[int]] = ..., start_time: _Optional[str] = ..., end_time: _Optional[str] = ...) -> None: ...

class Transport(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class NumberFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class RouteAction(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class Strategy(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
