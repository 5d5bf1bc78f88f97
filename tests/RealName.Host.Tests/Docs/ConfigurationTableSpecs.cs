using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using RealName.Host.Configuration;
using RealName.Host.Projections.Webhooks;

namespace RealName.Host.Tests.Docs;

/// <summary>
/// The README's configuration tables against the options the node binds: every key they name exists, and every
/// default they give as a literal (<c>`00:30:00`</c>) is the option's default.
/// </summary>
public sealed partial class ConfigurationTableSpecs
{
    [Fact]
    public async Task Should_name_only_settings_the_node_binds_and_give_their_defaults_in_the_readmes_configuration_tables()
    {
        var readme = await Markdown.ReadAsync("README.md");
        var defaults = Defaults();
        var rows = Table(readme, "| key | default | meaning |", prefix: "")
            .Concat(Table(readme, "| key (`RealName:RateLimits:…`) | default | what |", prefix: "RateLimits:"))
            .ToList();
        Assert.True(rows.Count > 60, $"only {rows.Count} settings read from the README's tables");

        var unknown = rows.Where(row => !defaults.ContainsKey(row.Key)).Select(row => row.Key).ToList();
        var wrong = rows.Where(row => row.Default is not null && defaults.TryGetValue(row.Key, out var actual) && !Same(row.Default, actual))
            .Select(row => $"{row.Key}: README `{row.Default}`, options {Show(defaults[row.Key])}").ToList();

        Assert.True(unknown.Count == 0, "README names settings the node does not bind: " + string.Join(", ", unknown));
        Assert.True(wrong.Count == 0, "README gives other defaults than the options: " + string.Join("; ", wrong));
    }

    /// <summary>A setting named in a table, and its default when the README gives it as one literal.</summary>
    private sealed record Row(string Key, string? Default);

    private static IEnumerable<Row> Table(string markdown, string header, string prefix)
    {
        var at = markdown.IndexOf(header, StringComparison.Ordinal);
        Assert.True(at >= 0, $"README has no table '{header}'");
        var lines = markdown[at..].Split('\n').Skip(2).TakeWhile(line => line.StartsWith('|'));
        foreach (var line in lines)
        {
            var cells = Cell().Split(line.Trim().Trim('|'));
            var keys = Keys(cells[0], prefix).ToList();
            var literals = cells[1].Split(" / ").Select(part => Literal().Match(part.Trim())).ToList();
            for (var i = 0; i < keys.Count; i++)
            {
                var literal = literals.Count == keys.Count && literals[i].Success ? literals[i].Groups[1].Value : null;
                foreach (var key in Expand(keys[i]))
                    yield return new Row(key, literal);
            }
        }
    }

    /// <summary>A pattern's keys: <c>Providers:&lt;P&gt;:…</c> for each provider the README names.</summary>
    private static IEnumerable<string> Expand(string key) => key switch
    {
        _ when key.Contains("<P>", StringComparison.Ordinal) =>
            new[] { "Identity", "Carrier", "Bank", "Directory", "Sms", "BusinessRegistry", "Payment", "Face" }.Select(p => key.Replace("<P>", p, StringComparison.Ordinal)),
        _ when key.Contains('<', StringComparison.Ordinal) => [], // `<Secret>File`: every secret's twin, read by SecretFiles (its own specs)
        _ => [key],
    };

    /// <summary>The keys of a first cell: `A:B` / `C` is A:B and A:C; each under the table's prefix.</summary>
    private static IEnumerable<string> Keys(string cell, string prefix)
    {
        var parent = prefix;
        foreach (Match token in Backticked().Matches(cell))
        {
            var key = token.Groups[1].Value;
            var full = key.Contains(':', StringComparison.Ordinal) ? prefix + key : parent + key;
            parent = full[..(full.LastIndexOf(':') + 1)];
            yield return full;
        }
    }

    /// <summary>Every bindable setting and its default, by configuration key (without <c>RealName:</c>).</summary>
    private static Dictionary<string, object?> Defaults()
    {
        var settings = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["Projections:Enabled"] = true };
        Flatten(new RealNameOptions(), "", settings);
        Flatten(new WebhookSettings(), "Webhooks:", settings);
        return settings;
    }

    private static void Flatten(object options, string prefix, Dictionary<string, object?> settings)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || !property.CanWrite || property.GetIndexParameters().Length > 0)
                continue;
            var value = property.GetValue(options);
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            settings[prefix + property.Name] = value;
            if (type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type) && value is not null)
                Flatten(value, prefix + property.Name + ":", settings); // a section (`Sessions`) or a value of parts (a budget's `Permits`, `Window`)
        }
    }

    private static bool Same(string literal, object? actual) => actual switch
    {
        null => true, // decided at start (a generated key, the public URL's port): the README says how, not a value
        TimeSpan span => TimeSpan.TryParse(literal, CultureInfo.InvariantCulture, out var parsed) && parsed == span,
        double number => double.TryParse(literal, CultureInfo.InvariantCulture, out var parsed) && parsed == number,
        int number => int.TryParse(literal, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var parsed) && parsed == number,
        bool flag => bool.TryParse(literal, out var parsed) && parsed == flag,
        string text => string.Equals(literal, text, StringComparison.OrdinalIgnoreCase),
        Enum value => string.Equals(literal, value.ToString(), StringComparison.OrdinalIgnoreCase),
        string[] list => literal.StartsWith('[') && JsonSerializer.Deserialize<string[]>(literal) is { } parsed && parsed.SequenceEqual(list),
        _ => true, // objects and maps (API keys, banks): the README describes them
    };

    private static string Show(object? value) => value switch
    {
        null => "null",
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        string[] list => JsonSerializer.Serialize(list),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    [GeneratedRegex(@"\s\|\s")]
    private static partial Regex Cell();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex("^`([^`]+)`$")]
    private static partial Regex Literal();
}
