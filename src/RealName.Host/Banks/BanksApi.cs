using RealName.Domain.Identities;
using RealName.Host.Contract;

namespace RealName.Host.Banks;

/// <summary>The supported banks of P3 ("check Supported Banks"): public, so the page can show them before a card is typed.</summary>
public static class BanksApi
{
    public static IEndpointRouteBuilder MapBanksApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/banks", (SupportedBanks banks) => TypedResults.Ok(ToDto(banks))).WithTags("Banks")
            .Operation("listBanks", "The supported banks of bank-card verification",
                "Public (no API key). Each bank with the card types its BINs take: `debit` and `credit` are told apart where the BIN table says so; a BIN that does not say takes both.")
            .Produces<BanksDto>(StatusCodes.Status200OK);
        return app;
    }

    public static BanksDto ToDto(SupportedBanks banks) =>
        new(banks.List().Select(b => new BankDto(b.Code, b.Name, b.CardTypes.Select(t => t.WireName()).ToList())).ToList());
}

public sealed record BankDto(string Code, string Name, IReadOnlyList<string> CardTypes);

public sealed record BanksDto(IReadOnlyList<BankDto> Data);
