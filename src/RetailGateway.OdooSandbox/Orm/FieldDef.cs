namespace RetailGateway.OdooSandbox.Orm;

internal enum FieldType
{
    Integer,
    Float,
    Monetary,
    Boolean,
    Char,
    Text,
    Html,
    Selection,
    Date,
    Datetime,
    Many2one,
    One2many,
    Many2many,
}

/// <summary>A field of a model as the played Odoo version exposes it.</summary>
internal sealed record FieldDef(string Name, FieldType Type, string Label)
{
    /// <summary>
    /// Where the value lives in a <see cref="Record"/>. Version-specific names (17 <c>tax_id</c>,
    /// 19 <c>tax_ids</c>) share one storage key so the seed is the same in both modes.
    /// </summary>
    public string StorageKey { get; init; } = Name;

    public string? Relation { get; init; }

    /// <summary>For one2many: the many2one on <see cref="Relation"/> that points back.</summary>
    public string? Inverse { get; init; }

    public Func<Env, Record, object?>? Compute { get; init; }

    /// <summary>A computed field's inverse (Odoo's <c>inverse=</c>): stores what a create or write gives it, as the computed value's source.</summary>
    public Action<Env, Record, object?>? Setter { get; init; }

    /// <summary>Default at create, given the values collected so far (storage keys).</summary>
    public Func<Env, IReadOnlyDictionary<string, object?>, object?>? Default { get; init; }

    public bool Required { get; init; }

    public IReadOnlyList<string>? Selection { get; init; }

    /// <summary>Set by the ORM or by business logic only; writes to it are ignored, as Odoo ignores writes to readonly computed fields.</summary>
    public bool ReadOnly { get; init; }

    public bool IsComputed => Compute is not null || Inverse is not null;

    public bool IsWritable => !IsComputed && !ReadOnly;

    public bool IsRelational => Type is FieldType.Many2one or FieldType.One2many or FieldType.Many2many;

    public bool IsX2Many => Type is FieldType.One2many or FieldType.Many2many;

    public string TypeName => Type.ToString().ToLowerInvariant();
}
