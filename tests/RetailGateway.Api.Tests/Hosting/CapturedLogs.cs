using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RetailGateway.Api.Tests.Hosting;

/// <summary>One log record as the gateway wrote it: category, event, message and structured values.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Values)
{
    public string? this[string name] => Values.TryGetValue(name, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;
}

/// <summary>Every record the gateway's logging lets through (the configured levels apply), kept in memory.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _records = new();

    public IReadOnlyList<CapturedLog> All => [.. _records];

    public IReadOnlyList<CapturedLog> InCategory(string category) => _records.Where(r => r.Category == category).ToList();

    /// <summary>
    /// Waits (bounded) for a record: some are written when the response has been sent, so the caller
    /// can hold the response before the record exists.
    /// </summary>
    public async Task<CapturedLog> WaitForAsync(Func<CapturedLog, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            if (_records.FirstOrDefault(match) is { } record)
            {
                return record;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("No such log record was written.");
            }

            await Task.Delay(20);
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _records);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> records) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value)
                : [];
            var message = formatter(state, exception) + (exception is null ? string.Empty : "\n" + exception);
            records.Enqueue(new CapturedLog(category, logLevel, eventId, message, values));
        }
    }
}
