define i32 @"snap_push_false"(i64* %".1")
{
entry:
  %"s0" = alloca i64
  br label %"L0"
L0:
  %".4" = zext i1 0 to i64
  %".5" = or i64 %".4", -1970324836974592
  store i64 %".5", i64* %".1"
  ret i32 0
}
