using System.Globalization;
using RetailGateway.Api.Customers;
using RetailGateway.Api.Orders;
using RetailGateway.Canonical.Customers;
using RetailGateway.Canonical.Orders;
using RetailGateway.Odoo.Aggregates;

namespace RetailGateway.Api.Versions;

/// <summary>
/// API v1: its records are the canonical ones, so its mapping passes them through. Its customer shows the
/// customer's own address and no address contacts; its order does not say where it is delivered.
/// </summary>
internal sealed class V1Mapping : IApiVersionMapping, IOrderVersion<Order, OrderSubmission>, ICustomerVersion<Customer, CustomerInput, CustomerPatch>
{
    public static readonly V1Mapping Instance = new();

    private V1Mapping()
    {
    }

    public int MajorVersion => 1;

    /// <summary>Frozen: its contract has no stale members, so its stale answers are marked by headers only.</summary>
    public bool MarksStaleInBody => false;

    public bool ShowsAddressContacts => false;

    IOrderVersion IApiVersionMapping.Orders => this;

    ICustomerVersion IApiVersionMapping.Customers => this;

    public SaleOrderKind Lists => SaleOrderKind.All;

    public string CacheKey(long orderId) => string.Create(CultureInfo.InvariantCulture, $"order:{orderId}");

    public NewOrder ReadSubmission(StoredBody body) => ToNewOrder(body.Read<OrderSubmission>());

    public NewOrder ToNewOrder(OrderSubmission submission) => new(submission, ShippingAddressId: null);

    public Order ToResource(OrderView order) => order.Order;

    public NewCustomer ReadInput(StoredBody body) => ToNewCustomer(body.Read<CustomerInput>());

    public CustomerChanges ReadPatch(StoredBody body) => ToChanges(body.Read<CustomerPatch>());

    public NewCustomer ToNewCustomer(CustomerInput input) => new(input, ShippingAddress: null);

    public CustomerChanges ToChanges(CustomerPatch patch) => new(patch, ShippingAddress: null);

    public Customer ToResource(CustomerView customer) => customer.Customer;
}
