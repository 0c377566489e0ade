namespace RetailGateway.Api.Errors;

/// <summary>The stable <c>errorCode</c> values of problem responses.</summary>
internal static class ErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string MalformedRequest = "malformed_request";
    public const string InvalidCursor = "invalid_cursor";
    public const string UnsupportedApiVersion = "unsupported_api_version";
    public const string Unauthenticated = "unauthenticated";
    public const string Forbidden = "forbidden";
    public const string NoDataScope = "no_data_scope";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UrlTooLong = "url_too_long";
    public const string HeadersTooLarge = "headers_too_large";
    public const string UnknownCustomer = "unknown_customer";
    public const string UnknownSku = "unknown_sku";
    public const string AmbiguousSku = "ambiguous_sku";
    public const string UnknownWarehouse = "unknown_warehouse";
    public const string UnknownCountry = "unknown_country";
    public const string UnknownShippingAddress = "unknown_shipping_address";
    public const string OrderNotCancellable = "order_not_cancellable";
    public const string OrderShipped = "order_shipped";
    public const string QuoteExpired = "quote_expired";
    public const string QuoteCancelled = "quote_cancelled";
    public const string QuoteAccepted = "quote_accepted";
    public const string NothingDelivered = "nothing_delivered";
    public const string ReturnExceedsDelivered = "return_exceeds_delivered";
    public const string ReturnSpansShipments = "return_spans_shipments";
    public const string UnknownShipment = "unknown_shipment";
    public const string ReturnCancelled = "return_cancelled";
    public const string ReceiptNeedsDecision = "receipt_needs_decision";
    public const string InvoiceNotPosted = "invoice_not_posted";
    public const string NotAnInvoice = "not_an_invoice";
    public const string RefundExceedsInvoiced = "refund_exceeds_invoiced";
    public const string OdooRejected = "odoo_rejected";
    public const string OdooCredentials = "odoo_credentials_refused";
    public const string OdooIncompatible = "odoo_incompatible";
    public const string OdooUnavailable = "odoo_unavailable";
    public const string OdooTimeout = "odoo_timeout";
    public const string ScopeUnavailable = "scope_unavailable";
    public const string StateUnavailable = "state_unavailable";
    public const string IntakeFull = "intake_full";
    public const string Conflict = "conflict";
    public const string IdempotencyKeyRequired = "idempotency_key_required";
    public const string InvalidIdempotencyKey = "invalid_idempotency_key";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string IdempotencyKeyInFlight = "idempotency_key_in_flight";
    public const string PreconditionFailed = "precondition_failed";
    public const string QuotaExceeded = "quota_exceeded";
    public const string InternalError = "internal_error";

    /// <summary>The code of a problem the framework produced for a bare status code.</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => MalformedRequest,
        401 => Unauthenticated,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        412 => PreconditionFailed,
        413 => PayloadTooLarge,
        414 => UrlTooLong,
        415 => UnsupportedMediaType,
        429 => QuotaExceeded,
        422 => ValidationFailed,
        431 => HeadersTooLarge,
        502 => OdooIncompatible,
        503 => OdooUnavailable,
        504 => OdooTimeout,
        _ => status >= 500 ? InternalError : MalformedRequest,
    };
}
