using Asp.Versioning;
using Microsoft.AspNetCore.Mvc;
using RetailGateway.Canonical.V2;

namespace RetailGateway.Api.Orders;

/// <summary>Sales orders (v2): as v1, and an order may name one of the customer's shipping addresses.</summary>
[ApiVersion(2.0)]
// One resource in two classes: the shared name groups them, so both versions report every version of it (api-supported-versions).
[ControllerName("Orders")]
[Route("api/v{version:apiVersion}/orders")]
internal sealed class OrdersV2Controller(OrderService orders) : OrdersControllerBase<OrderV2, OrderSubmissionV2>(
    new(Version: 2, Submit: orders.SubmitV2Async, Changes: orders.ChangesV2Async, Get: orders.GetV2Async, List: orders.ListV2Async, Cancel: orders.CancelV2Async));
