using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using RealName.Cli.Commands;

namespace RealName.Cli.Webhooks;

/// <summary><c>webhooks list|add|remove|rotate-secret|deliveries|retry</c>: the contract's webhook endpoints and their delivery log.</summary>
internal static class WebhookCommands
{
    public static Command Create(CliSession session)
    {
        var webhooks = new Command("webhooks", "Webhook endpoints: signed deliveries of session, account and appeal events.");

        var list = new Command("list", "Every endpoint: URL, event types, enabled or disabled (after 3 days of failed deliveries).");
        list.SetAction((parse, ct) => session.ShowAsync(parse, "admin/webhooks", a => ShowList(session, a), ct));
        webhooks.Subcommands.Add(list);

        var url = new Argument<string>("url") { Description = "Where deliveries are POSTed (http or https)." };
        var events = new Option<string[]>("--events") { Description = "Event types (default: all), e.g. --events session.verified session.failed.", AllowMultipleArgumentsPerToken = true };
        var add = new Command("add", "Add an endpoint; prints its signing secret once.") { url, events };
        add.SetAction((parse, ct) =>
        {
            var body = new JsonObject { ["url"] = parse.GetValue(url) };
            if (parse.GetValue(events) is { Length: > 0 } types)
                body["events"] = new JsonArray(types.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
            return session.PostAsync(parse, "admin/webhooks", body.ToJsonString(), a => ShowSecret(session, a), ct);
        });
        webhooks.Subcommands.Add(add);

        var id = new Argument<string>("id") { Description = "The endpoint id (we_…)." };
        var remove = new Command("remove", "Remove an endpoint and its pending deliveries.") { id };
        remove.SetAction((parse, ct) => session.RunAsync(parse, () => session.Client.DeleteAsync($"admin/webhooks/{Escape(parse, id)}", ct),
            a => session.IO.Console.Line($"Removed {a.Str("id")}.")));
        webhooks.Subcommands.Add(remove);

        var rotate = new Command("rotate-secret", "A new signing secret for the endpoint (the old one stops at once); prints it once.") { id };
        rotate.SetAction((parse, ct) => session.PostAsync(parse, $"admin/webhooks/{Escape(parse, id)}/rotate-secret", "{}", a => ShowSecret(session, a), ct));
        webhooks.Subcommands.Add(rotate);

        var limit = new Option<int>("--limit") { Description = "How many (1–100).", DefaultValueFactory = _ => 20 };
        var after = new Option<string?>("--starting-after") { Description = "The last delivery id of the previous page." };
        var deliveries = new Command("deliveries", "The endpoint's delivery log, newest first: status, attempts, latency, last answer.") { id, limit, after };
        deliveries.SetAction((parse, ct) =>
        {
            var path = $"admin/webhooks/{Escape(parse, id)}/deliveries?limit={parse.GetValue(limit)}";
            if (parse.GetValue(after) is { } cursor)
                path += "&startingAfter=" + Uri.EscapeDataString(cursor);
            return session.ShowAsync(parse, path, a => ShowDeliveries(session, a), ct);
        });
        webhooks.Subcommands.Add(deliveries);

        var deliveryId = new Argument<string>("delivery") { Description = "The delivery id (whd_…)." };
        var retry = new Command("retry", "Send a delivery again now (re-enables a disabled endpoint).") { deliveryId };
        retry.SetAction((parse, ct) => session.PostAsync(parse, $"admin/webhook-deliveries/{Uri.EscapeDataString(parse.GetValue(deliveryId)!)}/retry", "{}",
            a => session.IO.Console.Line($"Delivery {a.Str("id")} is due now."), ct));
        webhooks.Subcommands.Add(retry);
        return webhooks;
    }

    private static string Escape(ParseResult parse, Argument<string> id) => Uri.EscapeDataString(parse.GetValue(id)!);

    private static void ShowList(CliSession session, JsonElement answer)
    {
        var table = Render.Table("Id", "URL", "Events", "Status", "Created", "Disabled");
        foreach (var e in answer.Items("data"))
            table.Row(e.Str("id"), e.Str("url"), string.Join(' ', e.Items("events").Select(t => t.GetString())), e.Str("status"), e.Time("createdAt"), e.Time("disabledAt"));
        session.IO.Console.Write(table);
    }

    private static void ShowSecret(CliSession session, JsonElement a) => session.IO.Console.Write(Render.Fields(
        ("Endpoint", a.Str("id")),
        ("URL", a.Str("url")),
        ("Secret", a.Str("secret")),
        ("Note", "shown once: keep it in the receiver's secret store")));

    private static void ShowDeliveries(CliSession session, JsonElement answer)
    {
        var table = Render.Table("Id", "Event", "Type", "Status", "Attempts", "Created", "Last attempt", "HTTP", "Latency ms", "Last answer", "Next attempt");
        foreach (var d in answer.Items("data"))
            table.Row(d.Str("id"), d.Str("eventId"), d.Str("type"), d.Str("status"), d.Int("attempts").ToString(System.Globalization.CultureInfo.InvariantCulture),
                d.Time("createdAt"), d.Time("lastAttemptAt"), d.Str("lastStatus"), d.Str("latencyMs"), d.Str("lastAnswer"), d.Time("nextAttemptAt"));
        session.IO.Console.Write(table);
        if (answer.Bool("hasMore"))
            session.IO.Console.Line("More: --starting-after " + answer.Items("data").Last().Str("id"));
    }
}
