from google.protobuf import empty_pb2 as _empty_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from siproute.v1 import access_pb2 as _access_pb2
from siproute.v1 import quality_pb2 as _quality_pb2
from siproute.v1 import resources_pb2 as _resources_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CreateApiKeyRequest(_message.Message):
    __slots__ = ["api_key", "request_id", "validate_only"]
    API_KEY_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    VALIDATE_ONLY_FIELD_NUMBER: _ClassVar[int]
    api_key: _access_pb2.ApiKey
    request_id: str
    validate_only: bool
    def __init__(self, api_key: _Optional[_Union[_access_pb2.ApiKey, _Mapping]] = ..., request_id: _Optional[str] = ..., validate_only: bool = ...) -> None: ...

class CreateApiKeyResponse(_message.Message):
    __slots__ = ["api_key", "secret"]
    API_KEY_FIELD_NUMBER: _ClassVar[int]
    SECRET_FIELD_NUMBER: _ClassVar[int]
    api_key: _access_pb2.ApiKey
    secret: str
    def __init__(self, api_key: _Optional[_Union[_access_pb2.ApiKey, _Mapping]] = ..., secret: _Optional[str] = ...) -> None: ...

class CreateProviderRequest(_message.Message):
    __slots__ = ["provider", "request_id", "validate_only"]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    VALIDATE_ONLY_FIELD_NUMBER: _ClassVar[int]
    provider: _resources_pb2.Provider
    request_id: str
    validate_only: bool
    def __init__(self, provider: _Optional[_Union[_resources_pb2.Provider, _Mapping]] = ..., request_id: _Optional[str] = ..., validate_only: bool = ...) -> None: ...

class CreateRouteRequest(_message.Message):
    __slots__ = ["request_id", "route", "validate_only"]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ROUTE_FIELD_NUMBER: _ClassVar[int]
    VALIDATE_ONLY_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    route: _resources_pb2.Route
    validate_only: bool
    def __init__(self, route: _Optional[_Union[_resources_pb2.Route, _Mapping]] = ..., request_id: _Optional[str] = ..., validate_only: bool = ...) -> None: ...

class DeleteApiKeyRequest(_message.Message):
    __slots__ = ["id", "validate_only"]
    ID_FIELD_NUMBER: _ClassVar[int]
    VALIDATE_ONLY_FIELD_NUMBER: _ClassVar[int]
    id: str
    validate_only: bool
    def __init__(self, id: _Optional[str] = ..., validate_only: bool = ...) -> None: ...

class DeleteProviderRequest(_message.Message):
    __slots__ = ["etag", "id", "validate_only"]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    VALIDATE_ONLY_FIELD_NUMBER: _ClassVar[int]
    etag: str
    id: str
    validate_only: bool
    def __init__(self, id: _Optional[str] = ..., etag: _Optional[str] = ..., validate_only: bool = ...) -> None: ...

class DeleteRouteRequest(_message.Message):
    __slots__ = ["etag", "id", "validate_only"]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    VALIDATE_ONLY_FIELD_NUMBER: _ClassVar[int]
    etag: str
    id: str
    validate_only: bool
    def __init__(self, id: _Optional[str] = ..., etag: _Optional[str] = ..., validate_only: bool = ...) -> None: ...

class DeleteRoutingPolicyRequest(_message.Message):
    __slots__ = ["customer_id", "etag", "validate_only"]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    VALIDATE_ONLY_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    etag: str
    validate_only: bool
    def __init__(self, customer_id: _Optional[str] = ..., etag: _Optional[str] = ..., validate_only: bool = ...) -> None: ...

class ExportRoutesRequest(_message.Message):
    __slots__ = ["customer_id"]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    def __init__(self, customer_id: _Optional[str] = ...) -> None: ...

class ExportRoutesResponse(_message.Message):
    __slots__ = ["routes"]
    ROUTES_FIELD_NUMBER: _ClassVar[int]
    routes: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Route]
    def __init__(self, routes: _Optional[_Iterable[_Union[_resources_pb2.Route, _Mapping]]] = ...) -> None: ...

class GetProviderRequest(_message.Message):
    __slots__ = ["id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetProviderStatusRequest(_message.Message):
    __slots__ = ["provider_id"]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    provider_id: str
    def __init__(self, provider_id: _Optional[str] = ...) -> None: ...

class GetRouteRequest(_message.Message):
    __slots__ = ["id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetRoutingPolicyRequest(_message.Message):
    __slots__ = ["customer_id"]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    def __init__(self, customer_id: _Optional[str] = ...) -> None: ...

class ImportRatesRequest(_message.Message):
    __slots__ = ["provider_id", "rates", "replace", "request_id", "validate_only"]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    RATES_FIELD_NUMBER: _ClassVar[int]
    REPLACE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    VALIDATE_ONLY_FIELD_NUMBER: _ClassVar[int]
    provider_id: str
    rates: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Rate]
    replace: bool
    request_id: str
    validate_only: bool
    def __init__(self, provider_id: _Optional[str] = ..., rates: _Optional[_Iterable[_Union[_resources_pb2.Rate, _Mapping]]] = ..., replace: bool = ..., request_id: _Optional[str] = ..., validate_only: bool = ...) -> None: ...

class ImportRatesResponse(_message.Message):
    __slots__ = ["imported", "replaced"]
    IMPORTED_FIELD_NUMBER: _ClassVar[int]
    REPLACED_FIELD_NUMBER: _ClassVar[int]
    imported: int
    replaced: int
    def __init__(self, imported: _Optional[int] = ..., replaced: _Optional[int] = ...) -> None: ...

class ImportRoutesRequest(_message.Message):
    __slots__ = ["customer_id", "replace", "request_id", "routes", "validate_only"]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    REPLACE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ROUTES_FIELD_NUMBER: _ClassVar[int]
    VALIDATE_ONLY_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    replace: bool
    request_id: str
    routes: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Route]
    validate_only: bool
    def __init__(self, customer_id: _Optional[str] = ..., routes: _Optional[_Iterable[_Union[_resources_pb2.Route, _Mapping]]] = ..., replace: bool = ..., request_id: _Optional[str] = ..., validate_only: bool = ...) -> None: ...

class ImportRoutesResponse(_message.Message):
    __slots__ = ["created", "deleted", "unchanged", "updated"]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    DELETED_FIELD_NUMBER: _ClassVar[int]
    UNCHANGED_FIELD_NUMBER: _ClassVar[int]
    UPDATED_FIELD_NUMBER: _ClassVar[int]
    created: int
    deleted: int
    unchanged: int
    updated: int
    def __init__(self, created: _Optional[int] = ..., updated: _Optional[int] = ..., deleted: _Optional[int] = ..., unchanged: _Optional[int] = ...) -> None: ...

class ImportSellRatesRequest(_message.Message):
    __slots__ = ["customer_id", "rates", "replace", "request_id", "validate_only"]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    RATES_FIELD_NUMBER: _ClassVar[int]
    REPLACE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    VALIDATE_ONLY_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    rates: _containers.RepeatedCompositeFieldContainer[_resources_pb2.SellRate]
    replace: bool
    request_id: str
    validate_only: bool
    def __init__(self, customer_id: _Optional[str] = ..., rates: _Optional[_Iterable[_Union[_resources_pb2.SellRate, _Mapping]]] = ..., replace: bool = ..., request_id: _Optional[str] = ..., validate_only: bool = ...) -> None: ...

class ImportSellRatesResponse(_message.Message):
    __slots__ = ["imported", "replaced"]
    IMPORTED_FIELD_NUMBER: _ClassVar[int]
    REPLACED_FIELD_NUMBER: _ClassVar[int]
    imported: int
    replaced: int
    def __init__(self, imported: _Optional[int] = ..., replaced: _Optional[int] = ...) -> None: ...

class ListApiKeysRequest(_message.Message):
    __slots__ = ["page_size", "page_token", "show_revoked"]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SHOW_REVOKED_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    show_revoked: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., show_revoked: bool = ...) -> None: ...

class ListApiKeysResponse(_message.Message):
    __slots__ = ["api_keys", "next_page_token"]
    API_KEYS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    api_keys: _containers.RepeatedCompositeFieldContainer[_access_pb2.ApiKey]
    next_page_token: str
    def __init__(self, api_keys: _Optional[_Iterable[_Union[_access_pb2.ApiKey, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListAuditEventsRequest(_message.Message):
    __slots__ = ["actor", "customer_id", "end_time", "page_size", "page_token", "resource_id", "resource_type", "start_time"]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    actor: str
    customer_id: str
    end_time: _timestamp_pb2.Timestamp
    page_size: int
    page_token: str
    resource_id: str
    resource_type: str
    start_time: _timestamp_pb2.Timestamp
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., actor: _Optional[str] = ..., resource_type: _Optional[str] = ..., resource_id: _Optional[str] = ..., customer_id: _Optional[str] = ..., start_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListAuditEventsResponse(_message.Message):
    __slots__ = ["audit_events", "next_page_token"]
    AUDIT_EVENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    audit_events: _containers.RepeatedCompositeFieldContainer[_access_pb2.AuditEvent]
    next_page_token: str
    def __init__(self, audit_events: _Optional[_Iterable[_Union[_access_pb2.AuditEvent, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListExchangeRatesRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class ListExchangeRatesResponse(_message.Message):
    __slots__ = ["platform_currency", "rates"]
    PLATFORM_CURRENCY_FIELD_NUMBER: _ClassVar[int]
    RATES_FIELD_NUMBER: _ClassVar[int]
    platform_currency: str
    rates: _containers.RepeatedCompositeFieldContainer[_resources_pb2.ExchangeRate]
    def __init__(self, rates: _Optional[_Iterable[_Union[_resources_pb2.ExchangeRate, _Mapping]]] = ..., platform_currency: _Optional[str] = ...) -> None: ...

class ListProviderStatusRequest(_message.Message):
    __slots__ = ["page_size", "page_token"]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListProviderStatusResponse(_message.Message):
    __slots__ = ["next_page_token", "statuses"]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    next_page_token: str
    statuses: _containers.RepeatedCompositeFieldContainer[_quality_pb2.ProviderStatus]
    def __init__(self, statuses: _Optional[_Iterable[_Union[_quality_pb2.ProviderStatus, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListProvidersRequest(_message.Message):
    __slots__ = ["page_size", "page_token"]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListProvidersResponse(_message.Message):
    __slots__ = ["next_page_token", "providers"]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    PROVIDERS_FIELD_NUMBER: _ClassVar[int]
    next_page_token: str
    providers: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Provider]
    def __init__(self, providers: _Optional[_Iterable[_Union[_resources_pb2.Provider, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListRatesRequest(_message.Message):
    __slots__ = ["page_size", "page_token", "prefix", "provider_id"]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    PREFIX_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    prefix: str
    provider_id: str
    def __init__(self, provider_id: _Optional[str] = ..., prefix: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListRatesResponse(_message.Message):
    __slots__ = ["next_page_token", "rates"]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    RATES_FIELD_NUMBER: _ClassVar[int]
    next_page_token: str
    rates: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Rate]
    def __init__(self, rates: _Optional[_Iterable[_Union[_resources_pb2.Rate, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListRoutesRequest(_message.Message):
    __slots__ = ["customer_id", "default_only", "page_size", "page_token"]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_ONLY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    default_only: bool
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., customer_id: _Optional[str] = ..., default_only: bool = ...) -> None: ...

class ListRoutesResponse(_message.Message):
    __slots__ = ["next_page_token", "routes"]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ROUTES_FIELD_NUMBER: _ClassVar[int]
    next_page_token: str
    routes: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Route]
    def __init__(self, routes: _Optional[_Iterable[_Union[_resources_pb2.Route, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListSellRatesRequest(_message.Message):
    __slots__ = ["customer_id", "page_size", "page_token", "prefix"]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    PREFIX_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    page_size: int
    page_token: str
    prefix: str
    def __init__(self, customer_id: _Optional[str] = ..., prefix: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListSellRatesResponse(_message.Message):
    __slots__ = ["next_page_token", "rates"]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    RATES_FIELD_NUMBER: _ClassVar[int]
    next_page_token: str
    rates: _containers.RepeatedCompositeFieldContainer[_resources_pb2.SellRate]
    def __init__(self, rates: _Optional[_Iterable[_Union[_resources_pb2.SellRate, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class SetExchangeRatesRequest(_message.Message):
    __slots__ = ["rates"]
    RATES_FIELD_NUMBER: _ClassVar[int]
    rates: _containers.RepeatedCompositeFieldContainer[_resources_pb2.ExchangeRate]
    def __init__(self, rates: _Optional[_Iterable[_Union[_resources_pb2.ExchangeRate, _Mapping]]] = ...) -> None: ...

class SetExchangeRatesResponse(_message.Message):
    __slots__ = ["platform_currency", "rates"]
    PLATFORM_CURRENCY_FIELD_NUMBER: _ClassVar[int]
    RATES_FIELD_NUMBER: _ClassVar[int]
    platform_currency: str
    rates: _containers.RepeatedCompositeFieldContainer[_resources_pb2.ExchangeRate]
    def __init__(self, rates: _Optional[_Iterable[_Union[_resources_pb2.ExchangeRate, _Mapping]]] = ..., platform_currency: _Optional[str] = ...) -> None: ...

class UpdateProviderRequest(_message.Message):
    __slots__ = ["provider", "update_mask", "validate_only"]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    VALIDATE_ONLY_FIELD_NUMBER: _ClassVar[int]
    provider: _resources_pb2.Provider
    update_mask: _field_mask_pb2.FieldMask
    validate_only: bool
    def __init__(self, provider: _Optional[_Union[_resources_pb2.Provider, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., validate_only: bool = ...) -> None: ...

class UpdateRouteRequest(_message.Message):
    __slots__ = ["route", "update_mask", "validate_only"]
    ROUTE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    VALIDATE_ONLY_FIELD_NUMBER: _ClassVar[int]
    route: _resources_pb2.Route
    update_mask: _field_mask_pb2.FieldMask
    validate_only: bool
    def __init__(self, route: _Optional[_Union[_resources_pb2.Route, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., validate_only: bool = ...) -> None: ...

class UpdateRoutingPolicyRequest(_message.Message):
    __slots__ = ["policy", "update_mask", "validate_only"]
    POLICY_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    VALIDATE_ONLY_FIELD_NUMBER: _ClassVar[int]
    policy: _resources_pb2.RoutingPolicy
    update_mask: _field_mask_pb2.FieldMask
    validate_only: bool
    def __init__(self, policy: _Optional[_Union[_resources_pb2.RoutingPolicy, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., validate_only: bool = ...) -> None: ...
