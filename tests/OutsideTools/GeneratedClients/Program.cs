// A partner's program against the clients NSwag and Kiota generate from openapi.yaml: every v2
// operation through each, reported as one JSON line per check (see Report). The clients are generated
// into obj/generated/ by tests/RetailGateway.Api.Tests/OutsideTools/GeneratedClientTests.cs; then:
//   RETAILGATEWAY_TOKEN=<bearer token> dotnet run -- <gateway base URL>
// The token needs every v2 permission (Customers.*, Orders.*, Stock.Read, Invoices.Read, Products.Read, Gateway.Operate).
using System.Net.Http.Headers;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using RetailGateway.GeneratedClients;

if (args.Length != 1 || Environment.GetEnvironmentVariable("RETAILGATEWAY_TOKEN") is not { Length: > 0 } token)
{
    await Console.Error.WriteLineAsync("usage: RETAILGATEWAY_TOKEN=<token> RetailGateway.GeneratedClients <gateway base URL>");
    return 2;
}

var baseUrl = args[0].TrimEnd('/');
using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
// Salesforce ids must be new on every run against a long-lived gateway.
var runId = DateTime.UtcNow.ToString("HHmmssfff", System.Globalization.CultureInfo.InvariantCulture);

using var http = new HttpClient();
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
var nswag = new Report(Console.Out, "NSwag");
await new NSwagPartner(new RetailGateway.Partners.NSwag.RetailGatewayClient(http) { BaseUrl = baseUrl }, nswag, runId).RunAsync(timeout.Token);

var kiotaAuthentication = new BaseBearerTokenAuthenticationProvider(new StaticToken(token));
using var kiotaAdapter = new HttpClientRequestAdapter(kiotaAuthentication) { BaseUrl = baseUrl };
var kiota = new Report(Console.Out, "Kiota");
await new KiotaPartner(new RetailGateway.Partners.Kiota.RetailGatewayClient(kiotaAdapter), kiota, runId).RunAsync(timeout.Token);

return nswag.Failures + kiota.Failures == 0 ? 0 : 1;
