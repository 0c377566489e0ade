using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;

namespace RetailGateway.Api.Hosting;

/// <summary>
/// MVC finds only public controllers by default; the gateway keeps its controllers internal
/// (nothing outside this assembly uses them), so it names them itself.
/// </summary>
internal sealed class GatewayControllers : ControllerFeatureProvider
{
    protected override bool IsController(TypeInfo typeInfo) =>
        typeInfo.IsClass && !typeInfo.IsAbstract && typeInfo.Assembly == typeof(GatewayControllers).Assembly
        && typeof(ControllerBase).IsAssignableFrom(typeInfo);
}
