using Polly.CircuitBreaker;

namespace RetailGateway.Odoo.Resilience;

/// <summary>The state of the circuit breaker in front of Odoo, for readiness and metrics.</summary>
public sealed class OdooCircuit
{
    internal CircuitBreakerStateProvider StateProvider { get; } = new();

    /// <summary><c>Closed</c> while Odoo is called normally; <c>Open</c> while calls are refused after repeated faults; <c>HalfOpen</c> while one probe call is let through.</summary>
    public CircuitState State => StateProvider.CircuitState;
}
