from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

CIRCUIT_STATE_UNSPECIFIED: CircuitState
CLOSED: CircuitState
DESCRIPTOR: _descriptor.FileDescriptor
HALF_OPEN: CircuitState
OPEN: CircuitState
PROBE_DOWN: ProbeState
PROBE_OFF: ProbeState
PROBE_PENDING: ProbeState
PROBE_STATE_UNSPECIFIED: ProbeState
PROBE_UP: ProbeState

class DestinationStatistics(_message.Message):
    __slots__ = ["calling_code", "quality_scored", "statistics"]
    CALLING_CODE_FIELD_NUMBER: _ClassVar[int]
    QUALITY_SCORED_FIELD_NUMBER: _ClassVar[int]
    STATISTICS_FIELD_NUMBER: _ClassVar[int]
    calling_code: int
    quality_scored: bool
    statistics: OutcomeStatistics
    def __init__(self, calling_code: _Optional[int] = ..., statistics: _Optional[_Union[OutcomeStatistics, _Mapping]] = ..., quality_scored: bool = ...) -> None: ...

class GatewayStatus(_message.Message):
    __slots__ = ["address", "circuit_state", "consecutive_failures", "degraded_reason", "probe_detail", "probe_state", "statistics"]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    CIRCUIT_STATE_FIELD_NUMBER: _ClassVar[int]
    CONSECUTIVE_FAILURES_FIELD_NUMBER: _ClassVar[int]
    DEGRADED_REASON_FIELD_NUMBER: _ClassVar[int]
    PROBE_DETAIL_FIELD_NUMBER: _ClassVar[int]
    PROBE_STATE_FIELD_NUMBER: _ClassVar[int]
    STATISTICS_FIELD_NUMBER: _ClassVar[int]
    address: str
    circuit_state: CircuitState
    consecutive_failures: int
    degraded_reason: str
    probe_detail: str
    probe_state: ProbeState
    statistics: OutcomeStatistics
    def __init__(self, address: _Optional[str] = ..., degraded_reason: _Optional[str] = ..., circuit_state: _Optional[_Union[CircuitState, str]] = ..., consecutive_failures: _Optional[int] = ..., probe_state: _Optional[_Union[ProbeState, str]] = ..., probe_detail: _Optional[str] = ..., statistics: _Optional[_Union[OutcomeStatistics, _Mapping]] = ...) -> None: ...

class OutcomeStatistics(_message.Message):
    __slots__ = ["abandoned", "answer_seizure_ratio", "answered", "attempts", "average_duration_ms", "average_post_dial_delay_ms", "calls_ended", "client_failures", "global_failures", "provider_failures", "redirections", "server_failures", "timeouts", "transport_errors"]
    ABANDONED_FIELD_NUMBER: _ClassVar[int]
    ANSWERED_FIELD_NUMBER: _ClassVar[int]
    ANSWER_SEIZURE_RATIO_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_DURATION_MS_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_POST_DIAL_DELAY_MS_FIELD_NUMBER: _ClassVar[int]
    CALLS_ENDED_FIELD_NUMBER: _ClassVar[int]
    CLIENT_FAILURES_FIELD_NUMBER: _ClassVar[int]
    GLOBAL_FAILURES_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FAILURES_FIELD_NUMBER: _ClassVar[int]
    REDIRECTIONS_FIELD_NUMBER: _ClassVar[int]
    SERVER_FAILURES_FIELD_NUMBER: _ClassVar[int]
    TIMEOUTS_FIELD_NUMBER: _ClassVar[int]
    TRANSPORT_ERRORS_FIELD_NUMBER: _ClassVar[int]
    abandoned: int
    answer_seizure_ratio: float
    answered: int
    attempts: int
    average_duration_ms: int
    average_post_dial_delay_ms: int
    calls_ended: int
    client_failures: int
    global_failures: int
    provider_failures: int
    redirections: int
    server_failures: int
    timeouts: int
    transport_errors: int
    def __init__(self, attempts: _Optional[int] = ..., answered: _Optional[int] = ..., answer_seizure_ratio: _Optional[float] = ..., redirections: _Optional[int] = ..., client_failures: _Optional[int] = ..., server_failures: _Optional[int] = ..., global_failures: _Optional[int] = ..., timeouts: _Optional[int] = ..., transport_errors: _Optional[int] = ..., provider_failures: _Optional[int] = ..., abandoned: _Optional[int] = ..., average_post_dial_delay_ms: _Optional[int] = ..., calls_ended: _Optional[int] = ..., average_duration_ms: _Optional[int] = ...) -> None: ...

class ProviderStatus(_message.Message):
    __slots__ = ["active_calls", "circuit_change_time", "circuit_retry_time", "circuit_state", "consecutive_failures", "degraded_reason", "destinations", "gateways", "max_concurrent_calls", "probe_change_time", "probe_detail", "probe_state", "provider_id", "statistics", "statistics_window", "trial_in_progress", "update_time"]
    ACTIVE_CALLS_FIELD_NUMBER: _ClassVar[int]
    CIRCUIT_CHANGE_TIME_FIELD_NUMBER: _ClassVar[int]
    CIRCUIT_RETRY_TIME_FIELD_NUMBER: _ClassVar[int]
    CIRCUIT_STATE_FIELD_NUMBER: _ClassVar[int]
    CONSECUTIVE_FAILURES_FIELD_NUMBER: _ClassVar[int]
    DEGRADED_REASON_FIELD_NUMBER: _ClassVar[int]
    DESTINATIONS_FIELD_NUMBER: _ClassVar[int]
    GATEWAYS_FIELD_NUMBER: _ClassVar[int]
    MAX_CONCURRENT_CALLS_FIELD_NUMBER: _ClassVar[int]
    PROBE_CHANGE_TIME_FIELD_NUMBER: _ClassVar[int]
    PROBE_DETAIL_FIELD_NUMBER: _ClassVar[int]
    PROBE_STATE_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    STATISTICS_FIELD_NUMBER: _ClassVar[int]
    STATISTICS_WINDOW_FIELD_NUMBER: _ClassVar[int]
    TRIAL_IN_PROGRESS_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    active_calls: int
    circuit_change_time: _timestamp_pb2.Timestamp
    circuit_retry_time: _timestamp_pb2.Timestamp
    circuit_state: CircuitState
    consecutive_failures: int
    degraded_reason: str
    destinations: _containers.RepeatedCompositeFieldContainer[DestinationStatistics]
    gateways: _containers.RepeatedCompositeFieldContainer[GatewayStatus]
    max_concurrent_calls: int
    probe_change_time: _timestamp_pb2.Timestamp
    probe_detail: str
    probe_state: ProbeState
    provider_id: str
    statistics: OutcomeStatistics
    statistics_window: _duration_pb2.Duration
    trial_in_progress: bool
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, provider_id: _Optional[str] = ..., degraded_reason: _Optional[str] = ..., circuit_state: _Optional[_Union[CircuitState, str]] = ..., consecutive_failures: _Optional[int] = ..., circuit_change_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., circuit_retry_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., trial_in_progress: bool = ..., active_calls: _Optional[int] = ..., max_concurrent_calls: _Optional[int] = ..., probe_state: _Optional[_Union[ProbeState, str]] = ..., probe_change_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., probe_detail: _Optional[str] = ..., update_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., statistics_window: _Optional[_Union[_duration_pb2.Duration, _Mapping]] = ..., statistics: _Optional[_Union[OutcomeStatistics, _Mapping]] = ..., destinations: _Optional[_Iterable[_Union[DestinationStatistics, _Mapping]]] = ..., gateways: _Optional[_Iterable[_Union[GatewayStatus, _Mapping]]] = ...) -> None: ...

class CircuitState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class ProbeState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
