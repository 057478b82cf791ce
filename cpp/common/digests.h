// The message digests States.Hash and JSONata's $hash offer, written here so the core needs no
// crypto library.
// Each returns the lowercase hex digest of the bytes given.
#pragma once

#include <string>
#include <string_view>

namespace sfn::digest {

std::string md5_hex(std::string_view data);
std::string sha1_hex(std::string_view data);
std::string sha256_hex(std::string_view data);
std::string sha384_hex(std::string_view data);
std::string sha512_hex(std::string_view data);

}  // namespace sfn::digest
