namespace RetailGateway.Api.Security;

/// <summary>
/// The permissions an operation needs. Each is accepted as an app role (<c>roles</c>, client
/// credentials: Salesforce Named Credentials) or as a delegated scope (<c>scp</c>).
/// </summary>
internal static class Permissions
{
    public const string CustomersRead = "Customers.Read";
    public const string CustomersWrite = "Customers.Write";
    public const string OrdersRead = "Orders.Read";
    public const string OrdersWrite = "Orders.Write";
    public const string StockRead = "Stock.Read";
    public const string QuotesRead = "Quotes.Read";
    public const string QuotesWrite = "Quotes.Write";
    public const string InvoicesRead = "Invoices.Read";
    public const string InvoicesWrite = "Invoices.Write";
    public const string ReturnsRead = "Returns.Read";
    public const string ReturnsWrite = "Returns.Write";
    public const string ProductsRead = "Products.Read";
    public const string GatewayOperate = "Gateway.Operate";

    /// <summary>The Prometheus scrape (<c>/metrics</c>): it names routes, Odoo models and methods, and exception types.</summary>
    public const string MetricsRead = "Metrics.Read";

    public static readonly IReadOnlyList<string> All =
        [CustomersRead, CustomersWrite, OrdersRead, OrdersWrite, StockRead, InvoicesRead, InvoicesWrite, ProductsRead, QuotesRead, QuotesWrite, ReturnsRead, ReturnsWrite, GatewayOperate, MetricsRead];
}
