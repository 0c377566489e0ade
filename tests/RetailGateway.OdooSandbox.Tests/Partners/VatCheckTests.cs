using System.Net;
using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Tests.Support;

namespace RetailGateway.OdooSandbox.Tests.Partners;

public sealed class VatCheckTests
{
    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task PartnerWrite_WithAMalformedVat_IsValidationError_OnlyWhileTheCompanyVerifiesVat(int version)
    {
        await using var sandbox = await Sandbox.Start(version);
        var partner = sandbox.Server.Data.PartnerIdByRef("001xx000003DGb2AAG")!.Value;
        var vals = new JsonObject { ["vat"] = "12-345" };
        sandbox.Server.Data.VerifyVat(true);

        JsonNode error;
        if (version == 17)
        {
            error = (await sandbox.ExecuteKw("res.partner", "write", [new JsonArray(partner), vals.DeepClone()]))["error"]!["data"]!;
        }
        else
        {
            var (status, body) = await sandbox.Json2("res.partner", "write", new() { ["ids"] = new JsonArray(partner), ["vals"] = vals.DeepClone() });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            error = body!;
        }

        Assert.Equal("odoo.exceptions.ValidationError", (string)error["name"]!);
        Assert.StartsWith("The VAT number [12-345] for partner [", (string)error["message"]!, StringComparison.Ordinal);
        var unchanged = (await sandbox.Invoke("res.partner", "read", [partner], new() { ["fields"] = new JsonArray("vat") }))![0]!;
        Assert.NotEqual("12-345", unchanged["vat"]!.ToString());

        // A well-formed number passes; with the check off, anything does, as in Odoo without base_vat.
        await sandbox.Invoke("res.partner", "write", [partner], new() { ["vals"] = new JsonObject { ["vat"] = "BE0477472701" } });
        sandbox.Server.Data.VerifyVat(false);
        await sandbox.Invoke("res.partner", "write", [partner], new() { ["vals"] = vals.DeepClone() });
        var written = (await sandbox.Invoke("res.partner", "read", [partner], new() { ["fields"] = new JsonArray("vat") }))![0]!;
        Assert.Equal("12-345", (string)written["vat"]!);
    }
}
