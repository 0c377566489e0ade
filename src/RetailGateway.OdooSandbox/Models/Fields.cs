using RetailGateway.OdooSandbox.Orm;

namespace RetailGateway.OdooSandbox.Models;

/// <summary>Short constructors for field definitions, so model definitions read like Odoo's.</summary>
internal static class Fields
{
    public static FieldDef Char(string name, string label) => new(name, FieldType.Char, label);

    public static FieldDef Text(string name, string label) => new(name, FieldType.Text, label);

    public static FieldDef Html(string name, string label) => new(name, FieldType.Html, label);

    public static FieldDef Integer(string name, string label) => new(name, FieldType.Integer, label);

    public static FieldDef Float(string name, string label) => new(name, FieldType.Float, label);

    public static FieldDef Monetary(string name, string label) => new(name, FieldType.Monetary, label);

    public static FieldDef Boolean(string name, string label) => new(name, FieldType.Boolean, label);

    public static FieldDef Date(string name, string label) => new(name, FieldType.Date, label);

    public static FieldDef Datetime(string name, string label) => new(name, FieldType.Datetime, label);

    public static FieldDef Selection(string name, string label, params string[] values) =>
        new(name, FieldType.Selection, label) { Selection = values };

    public static FieldDef Many2one(string name, string label, string relation) =>
        new(name, FieldType.Many2one, label) { Relation = relation };

    public static FieldDef One2many(string name, string label, string relation, string inverse) =>
        new(name, FieldType.One2many, label) { Relation = relation, Inverse = inverse };

    public static FieldDef Many2many(string name, string label, string relation) =>
        new(name, FieldType.Many2many, label) { Relation = relation };

    public static FieldDef Constant(this FieldDef field, object? value) => field with { Default = (_, _) => value };

    /// <summary>A model with the fields and methods every Odoo model has.</summary>
    public static ModelDef Model(string name, string description, string order = "id", Func<Env, Record, string>? displayName = null)
    {
        var model = new ModelDef(name, description) { Order = order, DisplayName = displayName };
        model.Add(Integer("id", "ID") with { Compute = (_, r) => r.Id });
        model.Add(Char("display_name", "Display Name") with { Compute = (env, r) => env.DisplayName(r) });
        model.Add(Datetime("create_date", "Created on") with { ReadOnly = true });
        model.Add(Datetime("write_date", "Last Updated on") with { ReadOnly = true });
        Operations.AddGenericMethods(model);
        return model;
    }

    public static double Round2(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
