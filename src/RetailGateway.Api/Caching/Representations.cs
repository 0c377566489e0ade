using System.Buffers;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace RetailGateway.Api.Caching;

/// <summary>A resource as the API serves it: its JSON and that JSON's ETag, and when this copy was made.</summary>
internal abstract class Representation(byte[] body, DateTimeOffset made)
{
    private static long _lastStamp;

    public byte[] Body { get; } = body;

    public string ETag { get; } = ETags.Compute(body);

    /// <summary>When this copy was made in this process (loaded from Odoo, or read back from Redis): its in-process entry's life starts here.</summary>
    public DateTimeOffset Made { get; } = made;

    /// <summary>Orders copies and invalidations in this process (<see cref="NextStamp"/>): a copy stamped before a forgetting is stale.</summary>
    public long Stamp { get; } = NextStamp();

    /// <summary>The next number of the process-wide sequence that stamps copies and invalidations.</summary>
    public static long NextStamp() => Interlocked.Increment(ref _lastStamp);
}

/// <summary>
/// A cached resource together with its JSON, made once when the resource is loaded rather than on
/// every hit. Immutable, so the in-process cache hands out this instance (and its value) to every
/// request instead of deserializing a copy each time; the canonical records are init-only, and
/// nothing may change a value that came from the cache.
/// </summary>
[ImmutableObject(true)]
internal sealed class Representation<T>(T value, byte[] body, DateTimeOffset made) : Representation(body, made)
    where T : class
{
    public T Value { get; } = value;
}

/// <summary>
/// Makes representations with the JSON settings responses are written with, and remembers which
/// value each belongs to, so that the ETag filter writes a cached value's bytes instead of
/// serializing it again. Weakly: an entry goes when the cache drops its value.
/// </summary>
internal sealed class Representations(IOptions<JsonOptions> json, TimeProvider time)
{
    private readonly ConditionalWeakTable<object, Representation> _byValue = [];

    public JsonSerializerOptions SerializerOptions => json.Value.JsonSerializerOptions;

    public Representation<T> Create<T>(T value)
        where T : class => Remember(new Representation<T>(value, ETags.Serialize(value, SerializerOptions), time.GetUtcNow()));

    /// <summary>A representation read back from the shared (Redis) cache: the bytes are kept as they are.</summary>
    public Representation<T> Read<T>(byte[] body)
        where T : class =>
        Remember(new Representation<T>(JsonSerializer.Deserialize<T>(body, SerializerOptions) ?? throw new JsonException($"A cached {typeof(T).Name} was null."), body, time.GetUtcNow()));

    /// <summary>The representation made for this very object, if any.</summary>
    public bool TryGet(object value, out Representation? representation) => _byValue.TryGetValue(value, out representation);

    private Representation<T> Remember<T>(Representation<T> representation)
        where T : class
    {
        _byValue.AddOrUpdate(representation.Value, representation);
        return representation;
    }
}

/// <summary>Stores a representation in the shared cache as exactly its JSON.</summary>
internal sealed class RepresentationSerializerFactory(Representations representations) : IHybridCacheSerializerFactory
{
    public bool TryCreateSerializer<T>([NotNullWhen(true)] out IHybridCacheSerializer<T>? serializer)
    {
        serializer = typeof(T).IsGenericType && typeof(T).GetGenericTypeDefinition() == typeof(Representation<>)
            ? (IHybridCacheSerializer<T>)Activator.CreateInstance(typeof(Serializer<>).MakeGenericType(typeof(T).GetGenericArguments()[0]), representations)!
            : null;
        return serializer is not null;
    }

    private sealed class Serializer<TValue>(Representations representations) : IHybridCacheSerializer<Representation<TValue>>
        where TValue : class
    {
        public Representation<TValue> Deserialize(ReadOnlySequence<byte> source) => representations.Read<TValue>(source.ToArray());

        public void Serialize(Representation<TValue> value, IBufferWriter<byte> target) => target.Write(value.Body);
    }
}
