using RetailGateway.Api.Customers;
using RetailGateway.Api.Orders;
using RetailGateway.Odoo.Aggregates;

namespace RetailGateway.Api.Versions;

/// <summary>
/// Everything that differs between API versions, in one object per version: how its records become the
/// services' version-neutral inputs and how the services' results become its records. Services and
/// controllers take it as a parameter; <see cref="ApiVersions.For"/> is the one place that picks it by number.
/// </summary>
internal interface IApiVersionMapping
{
    /// <summary>The major version in the URL, and the one stored with a queued order or a recorded exception.</summary>
    int MajorVersion { get; }

    /// <summary>Whether a read answered from a last known copy says so in its body (<c>stale</c>, <c>asOf</c>), not only in headers.</summary>
    bool MarksStaleInBody { get; }

    IOrderVersion Orders { get; }

    ICustomerVersion Customers { get; }
}

/// <summary>The order part of a version that any caller can use without knowing the version's records.</summary>
internal interface IOrderVersion
{
    /// <inheritdoc cref="IApiVersionMapping.MajorVersion"/>
    int MajorVersion { get; }

    /// <summary>The cache entry of an order in this version's shape (each version caches the JSON it answers).</summary>
    string CacheKey(long orderId);

    /// <summary>The order a queued or recorded body of this version submits.</summary>
    NewOrder ReadSubmission(StoredBody body);

    /// <summary>Which sales orders the version's order lists, reads and feed show: v1 every one, quotations included; v2 no quote until it is accepted.</summary>
    SaleOrderKind Lists { get; }
}

/// <summary>A version's order records: <typeparamref name="TOrder"/> answered, <typeparamref name="TSubmission"/> submitted.</summary>
internal interface IOrderVersion<out TOrder, in TSubmission> : IOrderVersion
{
    NewOrder ToNewOrder(TSubmission submission);

    TOrder ToResource(OrderView order);
}

/// <summary>The customer part of a version that any caller can use without knowing the version's records.</summary>
internal interface ICustomerVersion
{
    /// <summary>
    /// Whether the version's customer is shown with its address contacts: billing from the billing contact, shipping
    /// from the delivery contact. Such a version reads and writes those contacts; one that does not, never touches them.
    /// </summary>
    bool ShowsAddressContacts { get; }

    /// <summary>The customer a recorded create or upsert body of this version writes.</summary>
    NewCustomer ReadInput(StoredBody body);

    /// <summary>The changes a recorded update body of this version makes.</summary>
    CustomerChanges ReadPatch(StoredBody body);
}

/// <summary>A version's customer records: <typeparamref name="TCustomer"/> answered, <typeparamref name="TInput"/> created or upserted, <typeparamref name="TPatch"/> patched.</summary>
internal interface ICustomerVersion<out TCustomer, in TInput, in TPatch> : ICustomerVersion
{
    NewCustomer ToNewCustomer(TInput input);

    CustomerChanges ToChanges(TPatch patch);

    TCustomer ToResource(CustomerView customer);
}
