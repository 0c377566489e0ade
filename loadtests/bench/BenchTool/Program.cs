using RetailGateway.Bench;

// The benchmark's own helpers (see loadtests/bench/run.sh):
//   c0 <url>                                   a bare Kestrel endpoint writing fixed bytes: the ceiling for this machine
//   open-load <url> <token> <rate> <seconds>   an open-model load at a fixed arrival rate, reporting latency per status class
//   operations <url> <token> <rounds>          each operation of a Salesforce org, one at a time, with its latency
return args switch
{
    ["c0", var url] => await BareKestrel.RunAsync(new Uri(url)),
    ["open-load", var url, var token, var rate, var seconds] => await OpenLoad.RunAsync(
        new Uri(url), token, double.Parse(rate, System.Globalization.CultureInfo.InvariantCulture), int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)),
    ["operations", var url, var token, var rounds] => await OperationLatency.RunAsync(
        new Uri(url), token, int.Parse(rounds, System.Globalization.CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: BenchTool c0 <url> | open-load <url> <token> <rate> <seconds> | operations <url> <token> <rounds>");
    return 2;
}
