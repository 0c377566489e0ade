using System.Globalization;
using RetailGateway.Api.Customers;
using RetailGateway.Api.Orders;
using RetailGateway.Canonical.Customers;
using RetailGateway.Canonical.Orders;
using RetailGateway.Canonical.V2;
using RetailGateway.Odoo.Aggregates;

namespace RetailGateway.Api.Versions;

/// <summary>
/// API v2: a customer has separate billing and shipping addresses (its address contacts), and an order may
/// name one of the customer's shipping addresses and says where it is delivered.
/// </summary>
internal sealed class V2Mapping : IApiVersionMapping, IOrderVersion<OrderV2, OrderSubmissionV2>, ICustomerVersion<CustomerV2, CustomerInputV2, CustomerPatchV2>
{
    public static readonly V2Mapping Instance = new();

    private V2Mapping()
    {
    }

    public int MajorVersion => 2;

    public bool MarksStaleInBody => true;

    public bool ShowsAddressContacts => true;

    IOrderVersion IApiVersionMapping.Orders => this;

    ICustomerVersion IApiVersionMapping.Customers => this;

    public SaleOrderKind Lists => SaleOrderKind.Orders;

    public string CacheKey(long orderId) => string.Create(CultureInfo.InvariantCulture, $"order:v2:{orderId}");

    public NewOrder ReadSubmission(StoredBody body) => ToNewOrder(body.Read<OrderSubmissionV2>());

    public NewOrder ToNewOrder(OrderSubmissionV2 submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var order = new OrderSubmission
        {
            SalesforceId = submission.SalesforceId,
            CustomerId = submission.CustomerId,
            Lines = submission.Lines,
            OrderDate = submission.OrderDate,
            Notes = submission.Notes,
        };
        return new NewOrder(order, submission.ShippingAddressId);
    }

    public OrderV2 ToResource(OrderView order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var canonical = order.Order;
        return new OrderV2
        {
            OrderId = canonical.OrderId,
            OrderNumber = canonical.OrderNumber,
            SalesforceId = canonical.SalesforceId,
            CustomerId = canonical.CustomerId,
            Status = canonical.Status,
            IsLocked = canonical.IsLocked,
            DeliveryStatus = canonical.DeliveryStatus,
            InvoiceStatus = canonical.InvoiceStatus,
            PaymentStatus = canonical.PaymentStatus,
            OrderDate = canonical.OrderDate,
            CurrencyCode = canonical.CurrencyCode,
            AmountUntaxed = canonical.AmountUntaxed,
            AmountTax = canonical.AmountTax,
            AmountTotal = canonical.AmountTotal,
            Notes = canonical.Notes,
            Lines = canonical.Lines,
            Shipments = canonical.Shipments,
            Returns = order.Returns,
            InvoiceIds = canonical.InvoiceIds,
            UpdatedAt = canonical.UpdatedAt,
            ShippingAddressId = order.ShippingAddressId,
        };
    }

    public NewCustomer ReadInput(StoredBody body) => ToNewCustomer(body.Read<CustomerInputV2>());

    public CustomerChanges ReadPatch(StoredBody body) => ToChanges(body.Read<CustomerPatchV2>());

    public NewCustomer ToNewCustomer(CustomerInputV2 input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var customer = new CustomerInput
        {
            SalesforceId = input.SalesforceId,
            Name = input.Name,
            Email = input.Email,
            Phone = input.Phone,
            IsCompany = input.IsCompany,
            VatNumber = input.VatNumber,
            BillingAddress = input.BillingAddress,
        };
        return new NewCustomer(customer, input.ShippingAddress);
    }

    public CustomerChanges ToChanges(CustomerPatchV2 patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var changes = new CustomerPatch
        {
            Name = patch.Name,
            Email = patch.Email,
            Phone = patch.Phone,
            IsCompany = patch.IsCompany,
            VatNumber = patch.VatNumber,
            BillingAddress = patch.BillingAddress,
        };
        return new CustomerChanges(changes, patch.ShippingAddress);
    }

    /// <summary>Billing from the billing contact when there is one, else the customer's own address; shipping from the delivery contact.</summary>
    public CustomerV2 ToResource(CustomerView customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var (canonical, addresses) = (customer.Customer, customer.Addresses);
        return new CustomerV2
        {
            CustomerId = canonical.CustomerId,
            SalesforceId = canonical.SalesforceId,
            Name = canonical.Name,
            Email = canonical.Email,
            Phone = canonical.Phone,
            IsCompany = canonical.IsCompany,
            VatNumber = canonical.VatNumber,
            BillingAddress = addresses?.Billing ?? canonical.BillingAddress,
            UpdatedAt = canonical.UpdatedAt,
            ShippingAddress = addresses?.Shipping is { } shipping
                ? new ShippingAddress
                {
                    AddressId = shipping.AddressId,
                    Street = shipping.Address.Street,
                    City = shipping.Address.City,
                    PostalCode = shipping.Address.PostalCode,
                    StateCode = shipping.Address.StateCode,
                    CountryCode = shipping.Address.CountryCode,
                }
                : null,
        };
    }
}
