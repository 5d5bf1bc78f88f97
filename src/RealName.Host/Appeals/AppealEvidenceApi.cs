using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using RealName.Actors.Appeals;
using RealName.Actors.Security;
using RealName.Contracts.Appeals;
using RealName.Domain.Appeals;
using RealName.Domain.Sessions;
using RealName.Host.Contract;
using RealName.Host.Http;
using RealName.Host.Http.Idempotency;
using RealName.Host.Sessions;
using RealName.Persistence.Evidence;

namespace RealName.Host.Appeals;

/// <summary>
/// The ownership certificate the seeds ask an appellant for: JPEG, PNG or PDF (told by content,
/// not by the name or declared type), at most 5 MB a file and 3 files an appeal, stored encrypted
/// under the appellant account's data key — its erasure destroys the key, and the files with it.
/// Operators read them on the admin port only.
/// </summary>
public static class AppealEvidenceApi
{
    public const int MaxFiles = 3;
    public const long MaxFileBytes = 5 * 1024 * 1024;
    public const long MaxRequestBytes = MaxFiles * MaxFileBytes + 64 * 1024;
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(15);

    private static readonly (string Type, byte[] Magic)[] Types =
    [
        ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        ("image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        ("application/pdf", "%PDF-"u8.ToArray()),
    ];

    public static RouteGroupBuilder MapAppealEvidence(this RouteGroupBuilder appeals)
    {
        appeals.MapPost("/{id}/evidence", Add).Idempotent(MaxRequestBytes)
            .Operation("addAppealEvidence", "Add evidence to a pending appeal",
                "multipart/form-data, 1–3 files (any field name): JPEG, PNG or PDF by content, ≤ 5 MB each, ≤ 3 per appeal. Stored encrypted under the appellant account's data key and erased with it.")
            .Files(MaxFiles).Produces<EvidenceListDto>(StatusCodes.Status201Created).Fails(400, 404, 409, 413, 415, 503);
        return appeals;
    }

    /// <summary>The operator's side: the list and each file, decrypted (admin port only).</summary>
    public static RouteGroupBuilder MapAppealEvidenceAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/appeals/{id}/evidence", List).Produces<EvidenceListDto>();
        admin.MapGet("/appeals/{id}/evidence/{evidenceId}", Read).Produces<byte[]>(StatusCodes.Status200OK, "image/jpeg", "image/png", "application/pdf");
        return admin;
    }

    public static Task<Results<Created<EvidenceListDto>, ProblemHttpResult>> Add(string id, HttpRequest request, IRequiredActor<AppealDeskMarker> desk, EvidenceStore store, SubjectKeys keys, TimeProvider clock) =>
        AddAsync(id, null, request, desk, store, keys, clock);

    /// <summary>
    /// Adds the request's files to a pending appeal; with <paramref name="ofAccount"/> (the hosted
    /// page's session account) an appeal of any other account is answered as not found.
    /// </summary>
    public static async Task<Results<Created<EvidenceListDto>, ProblemHttpResult>> AddAsync(string id, string? ofAccount, HttpRequest request, IRequiredActor<AppealDeskMarker> desk,
        EvidenceStore store, SubjectKeys keys, TimeProvider clock)
    {
        // The node-wide body limit is 64 KB; this route alone takes files.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxRequestBytes;
        if (request.ContentLength > MaxRequestBytes)
            return Problems.For(ErrorCodes.EvidenceTooLarge, $"At most {MaxFiles} files of 5 MB each.");
        if (!request.HasFormContentType || !request.ContentType!.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return Problems.Invalid("The body must be multipart/form-data with 1–3 files.");
        var ct = request.HttpContext.RequestAborted;
        // The appeal first: megabytes are read only for a pending appeal that exists.
        var appeal = await AskAsync(desk, new AppealProtocol.Get(id.Length > 64 ? "" : id), ct);
        if (appeal is null)
            return SessionGateway.Unavailable();
        if (appeal.Appeal is not { } found || (ofAccount is not null && found.AccountId != ofAccount))
            return Problems.For(Problems.NotFound, "No such appeal.");
        if (found.Status != AppealStatus.Pending)
            return Problems.For(ErrorCodes.InvalidState, $"The appeal is already {found.Status.ToString().ToLowerInvariant()}; evidence goes with a pending appeal.");
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = MaxRequestBytes, ValueCountLimit = 16 }, ct);
        }
        catch (InvalidDataException)
        {
            return Problems.Invalid("The multipart body could not be read.");
        }
        if (form.Files.Count is 0 or > MaxFiles)
            return Problems.Invalid($"Send 1–{MaxFiles} files.");
        var files = new List<(byte[] Bytes, string Type)>();
        foreach (var file in form.Files)
        {
            if (file.Length > MaxFileBytes)
                return Problems.For(ErrorCodes.EvidenceTooLarge, "A file is larger than 5 MB.");
            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, ct);
            var bytes = buffer.ToArray();
            if (TypeOf(bytes) is not { } type)
                return Problems.For(ErrorCodes.UnsupportedEvidenceType, "Only JPEG, PNG and PDF files are taken (by their content).");
            files.Add((bytes, type));
        }

        var (keyId, cipher) = await keys.CurrentAsync(found.AccountId);
        var at = clock.GetUtcNow();
        var stored = files.Select(f =>
        {
            var evidenceId = "ev_" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz234567", 20);
            return new StoredEvidence(evidenceId, found.Id, 0, found.AccountId, keyId, f.Type, f.Bytes.Length, at, cipher.Seal(f.Bytes, Binding(evidenceId, found.Id, f.Type)));
        }).ToList();
        if (!await store.TryAddAsync(found.Id, stored, MaxFiles, ct))
            return Problems.For(ErrorCodes.EvidenceLimitReached, $"An appeal takes at most {MaxFiles} files.");
        return TypedResults.Created($"/v1/appeals/{found.Id}", await ListDto(store, keys, found.Id, ct));
    }

    public static async Task<Ok<EvidenceListDto>> List(string id, EvidenceStore store, SubjectKeys keys, CancellationToken ct) =>
        TypedResults.Ok(await ListDto(store, keys, id, ct));

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Read(string id, string evidenceId, EvidenceStore store, SubjectKeys keys, HttpResponse response, CancellationToken ct)
    {
        var evidence = (await store.ListAsync(id, withContent: true, ct)).FirstOrDefault(e => e.Id == evidenceId);
        if (evidence is null)
            return Problems.For(Problems.NotFound, "No such evidence.");
        if (keys.Find(evidence.KeyId).Cipher is not { } cipher)
            return Problems.For(ErrorCodes.EvidenceErased, "The appellant's personal data was erased; the file cannot be read any more.");
        response.Headers.ContentDisposition = $"attachment; filename=\"{evidence.Id}{Extension(evidence.ContentType)}\"";
        response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(cipher.Open(evidence.Sealed!, Binding(evidence.Id, evidence.AppealId, evidence.ContentType)), evidence.ContentType);
    }

    /// <summary>The type the content starts like, or null.</summary>
    public static string? TypeOf(ReadOnlySpan<byte> content)
    {
        foreach (var (type, magic) in Types)
            if (content.StartsWith(magic))
                return type;
        return null;
    }

    private static async Task<EvidenceListDto> ListDto(EvidenceStore store, SubjectKeys keys, string appealId, CancellationToken ct) =>
        new((await store.ListAsync(appealId, withContent: false, ct))
            .Select(e => new EvidenceDto(e.Id, e.ContentType, e.Size, e.At, keys.Find(e.KeyId).Cipher is null ? true : null)).ToList());

    /// <summary>A sealed file opens only as itself: its id, appeal and type are bound to the ciphertext.</summary>
    private static byte[] Binding(string evidenceId, string appealId, string type) => Encoding.UTF8.GetBytes($"evidence\n{evidenceId}\n{appealId}\n{type}");

    private static string Extension(string type) => type switch
    {
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        _ => ".pdf",
    };

    private static async Task<AppealProtocol.AppealReply?> AskAsync(IRequiredActor<AppealDeskMarker> desk, object message, CancellationToken ct)
    {
        try
        {
            return await desk.ActorRef.Ask<AppealProtocol.AppealReply>(message, AskTimeout, ct);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
