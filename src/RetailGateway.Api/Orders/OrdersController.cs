using Asp.Versioning;
using Microsoft.AspNetCore.Mvc;
using RetailGateway.Canonical.Orders;

namespace RetailGateway.Api.Orders;

/// <summary>Sales orders: submit, read, list, cancel.</summary>
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/orders")]
internal sealed class OrdersController(OrderService orders) : OrdersControllerBase<Order, OrderSubmission>(
    new(Version: 1, Submit: orders.SubmitAsync, Changes: orders.ChangesAsync, Get: orders.GetAsync, List: orders.ListAsync, Cancel: orders.CancelAsync));
