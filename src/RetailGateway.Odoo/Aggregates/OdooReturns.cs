using System.Text.Json;
using System.Text.Json.Nodes;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Mapping;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Odoo.Aggregates;

/// <summary>
/// Returns of a sales order's goods: <c>stock.picking</c> transfers made by Odoo's return wizard from a delivery. Every
/// read nests the moves (<c>web_read</c>), so returns need Odoo 17 or newer; the wizard's last step is named per version
/// (<see cref="OdooDialect.CreateReturnsMethod"/>).
/// </summary>
public sealed class OdooReturns(IOdooClient odoo)
{
    /// <summary>How many transfers a Case id's <c>=like</c> may match before the exact one is picked out.</summary>
    private const int SalesforceIdMatches = 20;

    /// <summary>The order's number and state with its deliveries and returns and their moves: one <c>web_read</c>; null when it does not exist.</summary>
    public async Task<OrderTransfers?> OrderTransfersAsync(long orderId, CancellationToken cancellationToken)
    {
        await RequireWebReadAsync(cancellationToken);
        return await odoo.WebReadAsync(OrderMapping.Model, [orderId], OrderTransfers.Specification(), ReturnWireContext.Default.OrderTransfers, cancellationToken) is [var order]
            ? order
            : null;
    }

    /// <summary>The return with this id; null when there is none (or the transfer is not a return of a sales order).</summary>
    public async Task<TransferRecord?> FindAsync(long returnId, CancellationToken cancellationToken)
    {
        await RequireWebReadAsync(cancellationToken);
        var found = await odoo.WebReadAsync(ReturnMapping.PickingModel, [returnId], TransferRecord.Specification(), ReturnWireContext.Default.TransferRecord, cancellationToken);
        return found is [var transfer] && ReturnMapping.IsReturn(transfer) && transfer.SaleId is not null ? transfer : null;
    }

    /// <summary>The order's return created for this Case id, or null: the natural key, in one search.</summary>
    public async Task<TransferRecord?> FindBySalesforceIdAsync(long orderId, string salesforceId, CancellationToken cancellationToken)
    {
        await RequireWebReadAsync(cancellationToken);
        var query = new OdooQuery(ReturnMapping.PickingModel, ReturnMapping.BySalesforceId(orderId, salesforceId), ["id"], SalesforceIdMatches) { Order = Domains.IdOrder };
        var found = await odoo.WebSearchReadAsync(query, TransferRecord.Specification(), ReturnWireContext.Default.TransferRecord, cancellationToken);
        return found.FirstOrDefault(t => ReturnMapping.SalesforceIdOf(t.Origin) == salesforceId);
    }

    /// <summary>Returns oldest first after <see cref="ReturnFilter.AfterId"/>, at most <paramref name="count"/>.</summary>
    public async Task<IReadOnlyList<TransferRecord>> PageAsync(ReturnFilter filter, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await RequireWebReadAsync(cancellationToken);
        var domain = Returns(filter.TagId);
        if (filter.AfterId > 0)
        {
            domain.Add(Domains.After(filter.AfterId));
        }

        if (filter.OrderId is { } orderId)
        {
            domain.Add(Domains.Is("sale_id", orderId));
        }

        if (filter.SalesforceId is { } salesforceId)
        {
            domain.Add(new JsonArray("origin", "=like", salesforceId + ":%"));
        }

        var query = new OdooQuery(ReturnMapping.PickingModel, domain, ["id"], count) { Order = Domains.IdOrder };
        var page = await odoo.WebSearchReadAsync(query, TransferRecord.Specification(), ReturnWireContext.Default.TransferRecord, cancellationToken);
        return filter.SalesforceId is { } exact ? [.. page.Where(t => ReturnMapping.SalesforceIdOf(t.Origin) == exact)] : page;
    }

    /// <summary>The returns (with their moves) in a change feed window, within the tag (null: all data).</summary>
    public async Task<IReadOnlyList<TransferRecord>> ChangedAsync(ChangeWindow window, long? tagId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        await RequireWebReadAsync(cancellationToken);
        // Receiving a return validates its transfer, which stamps the transfer's write_date: the feed reads transfers, not orders.
        var query = new OdooQuery(ReturnMapping.PickingModel, window.AppendTo(Returns(tagId)), ["id"], window.Limit) { Order = window.Order };
        return await odoo.WebSearchReadAsync(query, TransferRecord.Specification(), ReturnWireContext.Default.TransferRecord, cancellationToken);
    }

    /// <summary>
    /// Makes the return in Odoo through its wizard and answers its id: the wizard for the delivery, its lines read, every
    /// line's quantity written (the asked one or 0), the return created, then its origin (the natural key) and note written.
    /// Five calls after the wizard's creation; an answer of the last wizard step that names no return picking is an Odoo
    /// error, never a success.
    /// </summary>
    public async Task<long> CreateAsync(ReturnDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var server = await odoo.GetServerAsync(cancellationToken);
        var delivery = draft.Delivery;
        var context = ReturnMapping.WizardContext(delivery.Id);
        var wizardId = await odoo.CreateAsync(ReturnMapping.WizardModel, new JsonObject { ["picking_id"] = delivery.Id }, context, cancellationToken);
        var wizard = await odoo.WebReadAsync(ReturnMapping.WizardModel, [wizardId], ReturnWizardRecord.Specification(), ReturnWireContext.Default.ReturnWizardRecord, cancellationToken) is [var read]
            ? read
            : throw new OdooException(OdooFailure.ProtocolMismatch, $"Odoo did not answer the return wizard {wizardId} it created.");
        var (lines, missing) = ReturnMapping.SpreadOverWizard(wizard, draft.QuantityBySku, delivery);
        if (missing.Count > 0)
        {
            throw new OdooException(OdooFailure.BusinessRule, $"Odoo's return wizard for {delivery.Name} offers no line for {string.Join(", ", missing)}.");
        }

        await odoo.WriteAsync(ReturnMapping.WizardModel, [wizardId], ReturnMapping.ToWizardValues(lines), cancellationToken);
        var action = await odoo.CallMethodAsync(ReturnMapping.WizardModel, server.Dialect.CreateReturnsMethod, [wizardId], context, cancellationToken);
        var returnId = ReturnMapping.ReturnIdOfAction(action)
            ?? throw new OdooException(OdooFailure.ProtocolMismatch, $"Odoo answered {ReturnMapping.WizardModel}.{server.Dialect.CreateReturnsMethod} without the return it made.");
        await MarkAsync(returnId, draft, cancellationToken);
        return returnId;
    }

    /// <summary>Writes the return's origin (its natural key, the Case id) and its reason.</summary>
    public Task MarkAsync(long returnId, ReturnDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return odoo.WriteAsync(ReturnMapping.PickingModel, [returnId], ReturnMapping.ToReturnValues(draft.SalesforceId, draft.Delivery.Name ?? string.Empty, draft.Reason), cancellationToken);
    }

    /// <summary>
    /// Validates the return (the goods are back), with SMS confirmation skipped. True only when Odoo answered <c>true</c>;
    /// any other answer is a wizard asking for a decision (a backorder, say), and nothing is validated.
    /// </summary>
    public async Task<bool> ValidateAsync(long returnId, CancellationToken cancellationToken)
    {
        var answer = await odoo.CallMethodAsync(ReturnMapping.PickingModel, "button_validate", [returnId], new JsonObject { ["skip_sms"] = true }, cancellationToken);
        return answer.ValueKind == JsonValueKind.True;
    }

    private static JsonArray Returns(long? tagId)
    {
        var domain = new JsonArray(ReturnMapping.IsReturnLeaf(), new JsonArray("sale_id", "!=", false));
        if (tagId is { } tag)
        {
            domain.Add(ReturnMapping.Tagged(tag));
        }

        return domain;
    }

    private async Task RequireWebReadAsync(CancellationToken cancellationToken)
    {
        var server = await odoo.GetServerAsync(cancellationToken);
        if (!server.Dialect.HasWebRead)
        {
            throw new OdooException(OdooFailure.ProtocolMismatch, $"Returns need Odoo 17 or newer; this server is {server.Version}.");
        }
    }
}

/// <summary>A return to make: what comes back of which delivery, for which Case.</summary>
/// <param name="Delivery">The done delivery, with its moves.</param>
/// <param name="QuantityBySku">The quantity coming back of each SKU; every SKU is one the delivery shipped.</param>
/// <param name="SalesforceId">The Case id: the return's natural key.</param>
/// <param name="Reason">Why the goods come back.</param>
public sealed record ReturnDraft(TransferRecord Delivery, IReadOnlyDictionary<string, decimal> QuantityBySku, string SalesforceId, string Reason);

/// <summary>What a page of returns is filtered by; null members do not filter.</summary>
/// <param name="AfterId">The page starts after this id (0: from the start).</param>
/// <param name="TagId">The data scope's customer tag; null for all data.</param>
/// <param name="OrderId">Returns of this order.</param>
/// <param name="SalesforceId">Created for exactly this Case id.</param>
public sealed record ReturnFilter(long AfterId, long? TagId, long? OrderId, string? SalesforceId);
