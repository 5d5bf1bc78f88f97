using System.Globalization;
using RealName.Contracts;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace RealName.Cli.Commands;

/// <summary>Turning the node's answers into Spectre renderables; node text is never parsed as markup.</summary>
internal static class Render
{
    public const string None = "-";

    /// <summary>A timestamp as UTC <c>yyyy-MM-dd HH:mm:ss</c>, or <see cref="None"/>.</summary>
    public static string Time(DateTimeOffset? at) =>
        at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? None;

    public static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? None;

    public static string YesNo(bool value) => value ? "yes" : "no";

    /// <summary>A masked identity as <c>name  ID number</c>, or <see cref="None"/>.</summary>
    public static string Identity(MaskedIdentity? identity) =>
        identity is null ? None : $"{identity.Name ?? None}  {identity.IdNumber ?? None}";

    public static Text Cell(string? text) => new(string.IsNullOrEmpty(text) ? None : text);

    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
            table.AddColumn(new TableColumn(new Text(column, new Style(decoration: Decoration.Bold))));
        return table;
    }

    public static Table Row(this Table table, params string?[] cells)
    {
        table.AddRow(cells.Select(c => (IRenderable)Cell(c)).ToArray());
        return table;
    }

    /// <summary>Two columns of label and value, for one object.</summary>
    public static Grid Fields(params (string Label, string? Value)[] fields)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var (label, value) in fields)
            grid.AddRow(new Text(label, new Style(decoration: Decoration.Bold)), Cell(value));
        return grid;
    }

    public static void Line(this IAnsiConsole console, string text) => console.Write(new Text(text + Environment.NewLine));
}
