using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using RealName.Domain.Idempotency;

namespace RealName.Domain.Tests.Idempotency;

public sealed class RequestFingerprintsSpecs
{
    [Theory]
    [InlineData("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    [InlineData("h1")]
    [InlineData("")]
    public void Should_be_the_first_128_bits_of_the_sha256_of_the_request_hash(string requestHash)
    {
        var expected = BinaryPrimitives.ReadUInt128LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(requestHash)));

        Assert.Equal(expected, RequestFingerprints.Of(requestHash));
    }

    [Fact]
    public void Should_tell_requests_that_differ_in_one_character_apart()
    {
        var first = new string('a', 63) + "0";
        var second = new string('a', 63) + "1";

        Assert.NotEqual(RequestFingerprints.Of(first), RequestFingerprints.Of(second));
        Assert.Equal(RequestFingerprints.Of(first), RequestFingerprints.Of(new string('a', 63) + "0"));
    }

    [Fact]
    public void Should_hash_a_request_hash_longer_than_the_stack_buffer()
    {
        var longHash = new string('f', 2_000);

        var expected = BinaryPrimitives.ReadUInt128LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(longHash)));

        Assert.Equal(expected, RequestFingerprints.Of(longHash));
    }
}
