using System.Globalization;
using RetailGateway.Canonical.V2;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Odoo.Mapping;

/// <summary>Quotes ⇄ <c>sale.order</c> created from a Salesforce Quote, and customer prices from <c>onchange</c>.</summary>
public static class QuoteMapping
{
    /// <summary>
    /// A quote with the prices Odoo computed. Open while Odoo holds it as a quotation, expired once its validity date
    /// is before <paramref name="today"/> (Odoo's own rule), accepted once confirmed (and when cancelled after a delivery was made).
    /// </summary>
    public static QuoteV2 ToQuote(SaleOrderRecord order, IEnumerable<SaleOrderLineRecord> lines, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(order);
        var status = ToStatus(order, today);
        return new QuoteV2
        {
            QuoteId = Id(order.Id),
            QuoteNumber = order.Name ?? string.Empty,
            SalesforceId = order.ClientOrderRef,
            CustomerId = order.PartnerId is { } partner ? Id(partner.Id) : string.Empty,
            ShippingAddressId = OrderMapping.ShippingAddressId(order),
            Status = status,
            OrderId = status == QuoteStatus.Accepted ? Id(order.Id) : null,
            CurrencyCode = order.CurrencyId?.DisplayName ?? string.Empty,
            Pricelist = ToPricelist(order.PricelistId),
            Lines = [.. lines.Where(l => l.OrderId?.Id == order.Id && l.ProductId is not null).OrderBy(l => l.Id).Select(ToLine)],
            AmountUntaxed = order.AmountUntaxed,
            AmountTax = order.AmountTax,
            AmountTotal = order.AmountTotal,
            ValidUntil = order.ValidityDate,
            UpdatedAt = order.WriteDate ?? DateTimeOffset.UnixEpoch,
        };
    }

    private static QuoteStatus ToStatus(SaleOrderRecord order, DateOnly today)
    {
        if (OrderMapping.IsQuotation(order))
        {
            return order.ValidityDate is { } validUntil && validUntil < today ? QuoteStatus.Expired : QuoteStatus.Open;
        }

        return OrderMapping.IsUnacceptedQuote(order) ? QuoteStatus.Cancelled : QuoteStatus.Accepted;
    }

    /// <summary>The prices of <see cref="Aggregates.OdooSaleOrders.PriceAsync"/>, one per SKU in the order asked.</summary>
    public static CustomerPricesV2 ToPrices(string customerId, decimal quantity, IReadOnlyList<string> skus, SaleOrderPricing pricing)
    {
        ArgumentNullException.ThrowIfNull(skus);
        ArgumentNullException.ThrowIfNull(pricing);
        if (pricing.Lines.Count != skus.Count)
        {
            throw new Client.OdooException(Client.OdooFailure.ProtocolMismatch, $"Odoo priced {pricing.Lines.Count} lines for {skus.Count} products.");
        }

        return new CustomerPricesV2
        {
            CustomerId = customerId,
            CurrencyCode = pricing.CurrencyId?.DisplayName ?? string.Empty,
            Pricelist = ToPricelist(pricing.PricelistId),
            Quantity = quantity,
            Prices = [.. skus.Zip(pricing.Lines, (sku, line) => new CustomerPriceV2
            {
                Sku = sku,
                ListPrice = line.ProductId?.LstPrice ?? 0,
                UnitPrice = line.PriceUnit,
                DiscountPercent = line.Discount,
                Subtotal = line.PriceSubtotal,
                Tax = line.PriceTax,
                Total = line.PriceTotal,
            })],
        };
    }

    private static PricelistRef? ToPricelist(OdooRef? pricelist) =>
        pricelist is { } found ? new PricelistRef { PricelistId = Id(found.Id), Name = found.DisplayName } : null;

    private static QuoteLineV2 ToLine(SaleOrderLineRecord line) => new()
    {
        LineId = Id(line.Id),
        Sku = line.ProductId is { } product ? OrderMapping.SkuFromDisplayName(product.DisplayName) : null,
        Description = line.Name ?? line.ProductId?.DisplayName ?? string.Empty,
        Quantity = line.ProductUomQty,
        UnitPrice = line.PriceUnit,
        DiscountPercent = line.Discount,
        Subtotal = line.PriceSubtotal,
        Tax = line.PriceTax,
        Total = line.PriceTotal,
    };

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
