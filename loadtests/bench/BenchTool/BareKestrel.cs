namespace RetailGateway.Bench;

/// <summary>Kestrel with nothing in front: no routing, no auth, no MVC, a fixed body.</summary>
internal static class BareKestrel
{
    private static readonly byte[] Body = "{\"ok\":true}"u8.ToArray();

    public static async Task<int> RunAsync(Uri url)
    {
        if (!System.Net.IPAddress.IsLoopback(System.Net.IPAddress.Parse(url.Host)))
        {
            Console.Error.WriteLine("The bare endpoint binds to a loopback address only.");
            return 2;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url.ToString());
        await using var app = builder.Build();
        app.Run(context =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = Body.Length;
            return context.Response.Body.WriteAsync(Body, context.RequestAborted).AsTask();
        });
        await app.RunAsync();
        return 0;
    }
}
