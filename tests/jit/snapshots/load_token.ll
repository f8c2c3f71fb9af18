define internal i64 @"snap_load_token.f0"(i64 %".1", i64 %".2")
{
entry:
  %"s0" = alloca i64
  %"l0" = alloca i64
  store i64 %".2", i64* %"l0"
  %".5" = inttoptr i64 ptrtoint (i8* @"rt_stack" to i64) to {i64, i64}*
  %".6" = getelementptr inbounds {i64, i64}, {i64, i64}* %".5", i32 0, i32 0
  %".7" = load i64, i64* %".6"
  %".8" = getelementptr inbounds {i64, i64}, {i64, i64}* %".5", i32 0, i32 1
  %".9" = load i64, i64* %".8"
  %".10" = call i8* @"llvm.stacksave"()
  %".11" = ptrtoint i8* %".10" to i64
  %".12" = icmp ugt i64 %".11", %".7"
  %".13" = icmp slt i64 %".1", %".9"
  %".14" = and i1 %".12", %".13"
  br i1 %".14", label %"ok_depth", label %"bail_depth", !prof !0
ok_depth:
  br label %"L0"
bail_depth:
  store i32 8, i32* @"snap_load_token.reason"
  ret i64 -281474976710656
L0:
  %".19" = load i64, i64* @"rt_sym.ha6f33601fa4bb35be319c1ee"
  %".20" = call i64 @"rt_space_token"(i64 %".19")
  ret i64 %".20"
}
