using RealName.Actors.Providers;

namespace RealName.Host.Providers.Http;

/// <summary>
/// The sister group's account directory over HTTP (<see cref="VendorWire"/>:
/// <c>GET v1/accounts/by-cloud/{id}</c>, <c>GET v1/accounts/{name}</c>; 404 means none).
/// An outage throws <see cref="ProviderUnavailableException"/>.
/// </summary>
public sealed class HttpGroupDirectory(HttpClient http) : IGroupDirectory
{
    internal const string Provider = "group directory";

    public async Task<GroupAccountRecord?> LinkedToAsync(string cloudAccountId, CancellationToken cancellationToken) =>
        ToRecord(await VendorCall.FindAsync(http, VendorWire.LinkedAccountPath(cloudAccountId), Provider, cancellationToken));

    public async Task<GroupAccountRecord?> FindAsync(string groupAccount, CancellationToken cancellationToken) =>
        ToRecord(await VendorCall.FindAsync(http, VendorWire.AccountPath(groupAccount), Provider, cancellationToken));

    private static GroupAccountRecord? ToRecord(VendorWire.AccountAnswer? answer) =>
        answer is null ? null : new GroupAccountRecord(answer.Account!, answer.Verified, answer.Name, answer.IdNumber, answer.Phone);
}
