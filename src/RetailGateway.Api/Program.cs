using RetailGateway.Api.Caching;
using RetailGateway.Api.Health;
using RetailGateway.Api.Hosting;
using RetailGateway.Api.Intake;
using RetailGateway.Api.Observability;
using RetailGateway.Api.Operations;
using RetailGateway.Api.RateLimiting;
using RetailGateway.Api.Requests;
using RetailGateway.Api.Scopes;
using RetailGateway.Api.SharedState;

var builder = WebApplication.CreateBuilder(args);

builder.AddEmbeddedOdooSandbox();
builder.AddGatewayApi();
builder.AddDataScopes();
builder.AddSharedState();
builder.AddExceptionQueue();
builder.AddGatewayObservability();
builder.Services.AddGatewayOpenApi();
builder.Services.AddGatewayHealth();
builder.AddOrderIntake();
builder.Services.AddGatewayRateLimits();

var app = builder.Build();

app.UseGatewayObservability();
app.UseRequestLimits();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseUnsupportedVersionProblems();
app.UseAuthentication();
app.UseRequestFacts();
app.UseDataScopes();
app.UseAuthorization();
app.UseGatewayRateLimits();
app.UseOdooWorkload();
app.UseResponseSnapshots();
app.MapGatewayOpenApi();
app.MapControllers();
app.MapGatewayHealth();

app.Run();

/// <summary>The gateway host; public so that tests can start it with <c>WebApplicationFactory</c>.</summary>
public partial class Program;
