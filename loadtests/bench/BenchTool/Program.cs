using RetailGateway.Bench;

// The benchmark's own helpers (see loadtests/bench/run.sh):
//   c0 <url>                                   a bare Kestrel endpoint writing fixed bytes: the ceiling for this machine
//   open-load <url> <token> <rate> <seconds>   an open-model load at a fixed arrival rate, reporting latency per status class
return args switch
{
    ["c0", var url] => await BareKestrel.RunAsync(new Uri(url)),
    ["open-load", var url, var token, var rate, var seconds] => await OpenLoad.RunAsync(
        new Uri(url), token, double.Parse(rate, System.Globalization.CultureInfo.InvariantCulture), int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: BenchTool c0 <url> | open-load <url> <token> <rate> <seconds>");
    return 2;
}
