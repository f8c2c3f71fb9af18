define internal i64 @"snap_superpose.f0"(i64 %".1", i64 %".2", {i64*, i64, i64}* %".3")
{
entry:
  %"s0" = alloca i64
  %"l0" = alloca i64
  store i64 %".2", i64* %"l0"
  %"cp_sp" = alloca i64
  store i64 0, i64* %"cp_sp"
  %"cp_stack" = alloca [1 x i32]
  %"c0l0" = alloca i64
  %"c0i" = alloca i64
  %"c0items" = alloca i64
  %"c0n" = alloca i64
  %".7" = inttoptr i64 ptrtoint (i8* @"rt_stack" to i64) to {i64, i64}*
  %".8" = getelementptr inbounds {i64, i64}, {i64, i64}* %".7", i32 0, i32 0
  %".9" = load i64, i64* %".8"
  %".10" = getelementptr inbounds {i64, i64}, {i64, i64}* %".7", i32 0, i32 1
  %".11" = load i64, i64* %".10"
  %".12" = call i8* @"llvm.stacksave"()
  %".13" = ptrtoint i8* %".12" to i64
  %".14" = icmp ugt i64 %".13", %".9"
  %".15" = icmp slt i64 %".1", %".11"
  %".16" = and i1 %".14", %".15"
  br i1 %".16", label %"ok_depth", label %"bail_depth", !prof !0
resume0:
  %".66" = load i64, i64* %"c0i"
  %".67" = load i64, i64* %"c0n"
  %".68" = icmp slt i64 %".66", %".67"
  br i1 %".68", label %"next0", label %"gone0"
ok_depth:
  br label %"L0"
bail_depth:
  store i32 8, i32* @"snap_superpose.reason"
  ret i64 -281474976710656
L0:
  %".21" = load i64, i64* %"l0"
  %".22" = lshr i64 %".21", 48
  %".23" = icmp eq i64 %".22", 65533
  br i1 %".23", label %"ok_term", label %"bail_term", !prof !0
L3:
  %".51" = load i64, i64* %"s0"
  %".52" = call i32 @"rt_collect_push"({i64*, i64, i64}* %".3", i64 %".51")
  %".53" = icmp ne i32 %".52", 0
  br i1 %".53", label %"ok_no_memory", label %"bail_no_memory", !prof !0
ok_term:
  %".27" = and i64 %".21", 281474976710655
  %".28" = add i64 %".27", 8
  %".29" = inttoptr i64 %".28" to i64*
  %".30" = load i64, i64* %".29"
  %".31" = icmp eq i64 %".30", ptrtoint (i8* @"rt_type_expression" to i64)
  br i1 %".31", label %"ok_term.1", label %"bail_term", !prof !0
bail_term:
  store i32 10, i32* @"snap_superpose.reason"
  ret i64 -281474976710656
ok_term.1:
  %".33" = add i64 %".27", 40
  %".34" = inttoptr i64 %".33" to i64*
  %".35" = load i64, i64* %".34"
  %".36" = add i64 %".35", 16
  %".37" = inttoptr i64 %".36" to i64*
  %".38" = load i64, i64* %".37"
  %".39" = add i64 %".35", 24
  store i64 %".39", i64* %"c0items"
  store i64 %".38", i64* %"c0n"
  %".42" = load i64, i64* %"l0"
  store i64 %".42", i64* %"c0l0"
  %".44" = load i64, i64* %"cp_sp"
  %".45" = getelementptr inbounds [1 x i32], [1 x i32]* %"cp_stack", i32 0, i64 %".44"
  store i32 0, i32* %".45"
  %".47" = add i64 %".44", 1
  store i64 %".47", i64* %"cp_sp"
  store i64 0, i64* %"c0i"
  br label %"resume0"
ok_no_memory:
  br label %"backtrack"
bail_no_memory:
  store i32 7, i32* @"snap_superpose.reason"
  ret i64 -281474976710656
backtrack:
  %".57" = load i64, i64* %"cp_sp"
  %".58" = icmp eq i64 %".57", 0
  br i1 %".58", label %"exhausted", label %"dispatch"
exhausted:
  ret i64 0
dispatch:
  %".60" = sub i64 %".57", 1
  %".61" = getelementptr inbounds [1 x i32], [1 x i32]* %"cp_stack", i32 0, i64 %".60"
  %".62" = load i32, i32* %".61"
  switch i32 %".62", label %"exhausted" [i32 0, label %"resume0"]
next0:
  %".74" = load i64, i64* %"c0l0"
  store i64 %".74", i64* %"l0"
  %".76" = load i64, i64* %"c0items"
  %".77" = mul i64 %".66", 8
  %".78" = add i64 %".76", %".77"
  %".79" = inttoptr i64 %".78" to i8**
  %".80" = load i8*, i8** %".79"
  %".81" = call i64 @"rt_unbox_child"(i8* %".80")
  %".82" = add i64 %".66", 1
  store i64 %".82", i64* %"c0i"
  store i64 %".81", i64* %"s0"
  br label %"L3"
gone0:
  %".70" = load i64, i64* %"cp_sp"
  %".71" = sub i64 %".70", 1
  store i64 %".71", i64* %"cp_sp"
  br label %"backtrack"
}
