using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace RealName.Cli.Commands;

/// <summary>Reading the node's JSON and turning it into Spectre renderables; node text is never parsed as markup.</summary>
internal static class Render
{
    public const string None = "-";

    public static string Str(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() ?? None,
            JsonValueKind.Null or JsonValueKind.Undefined => None,
            JsonValueKind.True => "yes",
            JsonValueKind.False => "no",
            _ => value.GetRawText(),
        } : None;

    public static bool Bool(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    public static int Int(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;

    public static IEnumerable<JsonElement> Items(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];

    /// <summary>A timestamp as UTC <c>yyyy-MM-dd HH:mm:ss</c>, or the raw text when it is not one.</summary>
    public static string Time(this JsonElement element, string name)
    {
        var text = element.Str(name);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : text;
    }

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
