using System.Net;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

/// <summary>Per-provider latency, errors and circuit state on the admin listener's <c>/metrics</c>, from real calls to a fake vendor.</summary>
public sealed class ProviderMetricsSpecs
{
    [Fact]
    public async Task Should_export_latency_errors_and_circuit_state_per_provider()
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var node = await RealNameNode.StartAsync(vendor.NodeSettings(TimeSpan.FromSeconds(1.5), 0));
        var session = (await node.CreateSessionAsync(TestData.Account("prov_metrics"), method: "mobile")).AssertStatus(HttpStatusCode.Created).Str("id")!;
        var phone = TestData.Phone();
        (await node.PostJsonAsync($"/v1/sessions/{session}/identity",
            $"{{\"name\":\"{TestData.Name}\",\"idNumber\":\"{TestData.IdNumber()}\",\"phone\":\"{phone}\"}}")).AssertStatus(HttpStatusCode.OK);
        vendor.Set(FakeVendor.Carrier, VendorBehaviour.ServerError);

        var refused = await node.PostJsonAsync($"/v1/sessions/{session}/code", $"{{\"code\":\"{vendor.LastSmsCode(phone)}\"}}");

        refused.AssertProblem(HttpStatusCode.ServiceUnavailable, "provider_unavailable");
        using var admin = node.CreateAdminClient();
        var metrics = await admin.GetStringAsync("/metrics");
        Assert.Contains("realname_provider_call_duration_seconds_count{otel_scope_name=\"RealName\",outcome=\"ok\",provider=\"identity\"}", metrics);
        Assert.Contains("realname_provider_call_errors_total{otel_scope_name=\"RealName\",provider=\"carrier\",reason=\"status\"}", metrics);
        Assert.Contains("realname_provider_circuit_state{otel_scope_name=\"RealName\",provider=\"carrier\"}", metrics);
    }
}
