using System.CommandLine;
using System.Globalization;
using RealName.Cli.Commands;
using RealName.Contracts;
using RealName.Contracts.Webhooks;

namespace RealName.Cli.Webhooks;

/// <summary><c>webhooks list|add|remove|rotate-secret|deliveries|retry</c>: the contract's webhook endpoints and their delivery log.</summary>
internal static class WebhookCommands
{
    public static Command Create(CliSession session)
    {
        var webhooks = new Command("webhooks", "Webhook endpoints: signed deliveries of session, account and appeal events.");

        var list = new Command("list", "Every endpoint: URL, event types, enabled or disabled (after 3 days of failed deliveries).");
        list.SetAction((parse, ct) => session.ShowAsync(parse, "admin/webhooks", ContractJsonContext.Default.WebhookEndpointListDto, a => ShowList(session, a), ct));
        webhooks.Subcommands.Add(list);

        var url = new Argument<string>("url") { Description = "Where deliveries are POSTed (http or https)." };
        var events = new Option<string[]>("--events") { Description = "Event types (default: all), e.g. --events session.verified session.failed.", AllowMultipleArgumentsPerToken = true };
        var add = new Command("add", "Add an endpoint; prints its signing secret once.") { url, events };
        add.SetAction((parse, ct) =>
        {
            var body = new AddWebhookRequest(parse.GetValue(url), parse.GetValue(events) is { Length: > 0 } types ? types : null);
            return session.PostAsync(parse, "admin/webhooks", body, ContractJsonContext.Default.AddWebhookRequest, ContractJsonContext.Default.WebhookSecretDto, a => ShowSecret(session, a), ct);
        });
        webhooks.Subcommands.Add(add);

        var id = new Argument<string>("id") { Description = "The endpoint id (we_…)." };
        var remove = new Command("remove", "Remove an endpoint and its pending deliveries.") { id };
        remove.SetAction((parse, ct) => session.RunAsync(parse, () => session.Client.DeleteAsync($"admin/webhooks/{Escape(parse, id)}", ct),
            ContractJsonContext.Default.WebhookActionDto, a => session.IO.Console.Line($"Removed {a.Id}.")));
        webhooks.Subcommands.Add(remove);

        var rotate = new Command("rotate-secret", "A new signing secret for the endpoint (the old one stops at once); prints it once.") { id };
        rotate.SetAction((parse, ct) => session.PostAsync(parse, $"admin/webhooks/{Escape(parse, id)}/rotate-secret", ContractJsonContext.Default.WebhookSecretDto, a => ShowSecret(session, a), ct));
        webhooks.Subcommands.Add(rotate);

        var limit = new Option<int>("--limit") { Description = "How many (1–100).", DefaultValueFactory = _ => 20 };
        var after = new Option<string?>("--starting-after") { Description = "The last delivery id of the previous page." };
        var deliveries = new Command("deliveries", "The endpoint's delivery log, newest first: status, attempts, latency, last answer.") { id, limit, after };
        deliveries.SetAction((parse, ct) =>
        {
            var path = $"admin/webhooks/{Escape(parse, id)}/deliveries?limit={parse.GetValue(limit)}";
            if (parse.GetValue(after) is { } cursor)
                path += "&startingAfter=" + Uri.EscapeDataString(cursor);
            return session.ShowAsync(parse, path, ContractJsonContext.Default.WebhookDeliveryPage, a => ShowDeliveries(session, a), ct);
        });
        webhooks.Subcommands.Add(deliveries);

        var deliveryId = new Argument<string>("delivery") { Description = "The delivery id (whd_…)." };
        var retry = new Command("retry", "Send a delivery again now (re-enables a disabled endpoint).") { deliveryId };
        retry.SetAction((parse, ct) => session.PostAsync(parse, $"admin/webhook-deliveries/{Uri.EscapeDataString(parse.GetValue(deliveryId)!)}/retry", ContractJsonContext.Default.WebhookActionDto,
            a => session.IO.Console.Line($"Delivery {a.Id} is due now."), ct));
        webhooks.Subcommands.Add(retry);
        return webhooks;
    }

    private static string Escape(ParseResult parse, Argument<string> id) => Uri.EscapeDataString(parse.GetValue(id)!);

    private static void ShowList(CliSession session, WebhookEndpointListDto answer)
    {
        var table = Render.Table("Id", "URL", "Events", "Status", "Created", "Disabled");
        foreach (var e in answer.Data)
            table.Row(e.Id, e.Url, string.Join(' ', e.Events), e.Status, Render.Time(e.CreatedAt), Render.Time(e.DisabledAt));
        session.IO.Console.Write(table);
    }

    private static void ShowSecret(CliSession session, WebhookSecretDto a) => session.IO.Console.Write(Render.Fields(
        ("Endpoint", a.Id),
        ("URL", a.Url),
        ("Secret", a.Secret),
        ("Note", "shown once: keep it in the receiver's secret store")));

    private static void ShowDeliveries(CliSession session, WebhookDeliveryPage page)
    {
        var table = Render.Table("Id", "Event", "Type", "Status", "Attempts", "Created", "Last attempt", "HTTP", "Latency ms", "Last answer", "Next attempt");
        foreach (var d in page.Data)
            table.Row(d.Id, d.EventId, d.Type, d.Status, d.Attempts.ToString(CultureInfo.InvariantCulture),
                Render.Time(d.CreatedAt), Render.Time(d.LastAttemptAt), Render.Number(d.LastStatus), Render.Number(d.LatencyMs), d.LastAnswer, Render.Time(d.NextAttemptAt));
        session.IO.Console.Write(table);
        if (page.HasMore)
            session.IO.Console.Line("More: --starting-after " + page.Data[^1].Id);
    }
}
